package dev.fleetscope.services.cluster;

import java.util.List;
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

  /**
   * The model a server was started with: {@code --model X}, {@code --model=X} or {@code serve X}.
   */
  public static String servedModel(List<String> words) {
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if ((w.equals("--model") || w.equals("--model-id") || w.equals("--model-path"))
          && i + 1 < words.size()) {
        return words.get(i + 1);
      }
      if (w.startsWith("--model=") || w.startsWith("--model-id=")) {
        return w.substring(w.indexOf('=') + 1);
      }
      if (w.equals("serve") && i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
        return words.get(i + 1);
      }
    }
    return "";
  }
}
