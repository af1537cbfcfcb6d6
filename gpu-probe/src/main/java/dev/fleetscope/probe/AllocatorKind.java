package dev.fleetscope.probe;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The allocation paths the probe can measure, and the model. */
public enum AllocatorKind {
  /** cudaMalloc / cudaFree. */
  CUDA_MALLOC("cudaMalloc"),
  /** The stream-ordered allocator: cuMemAllocFromPoolAsync on a pool of the probe's own. */
  POOL("pool"),
  /** Virtual memory management: cuMemCreate + cuMemAddressReserve + cuMemMap + cuMemSetAccess. */
  VMM("vmm"),
  /** Page-locked host memory: cudaMallocHost / cudaFreeHost. */
  PINNED("pinned"),
  /** PyTorch's caching allocator, modelled (no GPU needed). */
  MODEL("model");

  private final String label;

  AllocatorKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean measured() {
    return this != MODEL;
  }

  public static AllocatorKind parse(String text) {
    for (AllocatorKind k : values()) {
      if (k.label.equalsIgnoreCase(text)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown allocator \""
            + text
            + "\"; expected one of "
            + Arrays.stream(values()).map(AllocatorKind::label).collect(Collectors.joining(", ")));
  }
}
