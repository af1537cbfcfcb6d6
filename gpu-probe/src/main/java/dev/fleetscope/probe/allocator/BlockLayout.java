package dev.fleetscope.probe.allocator;

/**
 * A block inside a segment.
 *
 * @param offset from the segment's base
 * @param tensor the tensor occupying it, or null when the block is free (cached)
 * @param requested the bytes the tensor asked for; 0 when free
 */
public record BlockLayout(
    long offset, long size, boolean allocated, String tensor, long requested) {

  /** Bytes the allocator added by rounding the request up. */
  public long roundingWaste() {
    return allocated ? size - requested : 0;
  }
}
