package dev.fleetscope.services.cluster;

import java.util.Locale;

/** Inference servers recognised from a container image or command line. */
public enum InferenceEngine {
  VLLM("vLLM"),
  SGLANG("SGLang"),
  TGI("TGI"),
  TRITON("Triton"),
  OTHER("other");

  private final String label;

  InferenceEngine(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Detects the engine from the image and arguments of a serving container. */
  public static InferenceEngine detect(String imageAndArgs) {
    String s = imageAndArgs.toLowerCase(Locale.ROOT);
    if (s.contains("vllm")) {
      return VLLM;
    }
    if (s.contains("sglang")) {
      return SGLANG;
    }
    if (s.contains("text-generation-inference") || s.contains("/tgi")) {
      return TGI;
    }
    if (s.contains("tritonserver") || s.contains("triton")) {
      return TRITON;
    }
    return OTHER;
  }
}
