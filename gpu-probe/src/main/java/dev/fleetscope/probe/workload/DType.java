package dev.fleetscope.probe.workload;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Element types a workload tensor may have, with their size in bytes. */
public enum DType {
  FP64(8, "float64", "double"),
  FP32(4, "float32", "float"),
  TF32(4, "tf32"),
  FP16(2, "float16", "half"),
  BF16(2, "bfloat16"),
  FP8_E4M3(1, "fp8", "float8_e4m3fn", "e4m3"),
  FP8_E5M2(1, "float8_e5m2", "e5m2"),
  INT64(8, "long"),
  INT32(4, "int"),
  INT16(2, "short"),
  INT8(1),
  UINT8(1, "byte"),
  BOOL(1);

  private final int bytes;
  private final String[] aliases;

  DType(int bytes, String... aliases) {
    this.bytes = bytes;
    this.aliases = aliases;
  }

  public int bytes() {
    return bytes;
  }

  /** The canonical lower-case spelling, e.g. "fp16". */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a dtype as workload files write it: the canonical name ("fp16", "bf16") or a PyTorch
   * spelling ("float16", "torch.bfloat16").
   */
  public static DType parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("torch.")) {
      t = t.substring("torch.".length());
    }
    for (DType d : values()) {
      if (d.label().equals(t) || Arrays.asList(d.aliases).contains(t)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown dtype \""
            + text
            + "\"; expected one of "
            + Arrays.stream(values()).map(DType::label).collect(Collectors.joining(", ")));
  }
}
