package dev.fleetscope.probe.workload;

import java.util.Locale;
import java.util.Map;

/**
 * The dimensions of a decoder-only transformer, enough to size its weights, KV cache and
 * activations. Figures are the published model configurations.
 */
public record ModelShape(
    String name,
    int hidden,
    int intermediate,
    int layers,
    int heads,
    int kvHeads,
    int headDim,
    int vocab) {

  public static final ModelShape LLAMA3_8B =
      new ModelShape("llama3-8b", 4096, 14336, 32, 32, 8, 128, 128256);
  public static final ModelShape LLAMA3_70B =
      new ModelShape("llama3-70b", 8192, 28672, 80, 64, 8, 128, 128256);
  public static final ModelShape MISTRAL_7B =
      new ModelShape("mistral-7b", 4096, 14336, 32, 32, 8, 128, 32768);
  public static final ModelShape QWEN2_7B =
      new ModelShape("qwen2-7b", 3584, 18944, 28, 28, 4, 128, 152064);

  private static final Map<String, ModelShape> KNOWN =
      Map.of(
          LLAMA3_8B.name, LLAMA3_8B,
          LLAMA3_70B.name, LLAMA3_70B,
          MISTRAL_7B.name, MISTRAL_7B,
          QWEN2_7B.name, QWEN2_7B);

  public static ModelShape named(String name) {
    ModelShape m = KNOWN.get(name.toLowerCase(Locale.ROOT));
    if (m == null) {
      throw new IllegalArgumentException(
          "unknown model \"" + name + "\"; known: " + String.join(", ", KNOWN.keySet()));
    }
    return m;
  }

  /** Bytes of one token's K and V across all layers. */
  public long kvBytesPerToken(DType dtype) {
    return 2L * layers * kvHeads * headDim * dtype.bytes();
  }
}
