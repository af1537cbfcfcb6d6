package dev.fleetscope.probe.allocator;

/**
 * Figures of a model replay.
 *
 * @param reserved bytes held in segments (what nvidia-smi would show for the allocator)
 * @param allocated bytes in allocated blocks (after rounding)
 * @param requested bytes the tensors asked for
 * @param peakAllocatedEvent the event index at which allocated bytes peaked, or -1
 * @param inactiveSplitBytes free bytes inside segments that also hold allocated blocks: memory that
 *     is reserved yet only usable by requests that fit the holes
 * @param largestFreeBlock the largest cached free block
 * @param cudaMallocs segments created (or expandable growths)
 * @param cudaFrees segments released to make room
 * @param ooms allocations that failed at the configured capacity
 * @param firstOom the first failed tensor and size, or null
 * @param replayNanos wall time of the replay loop
 */
public record ModelStats(
    int events,
    long reserved,
    long allocated,
    long requested,
    long peakReserved,
    long peakAllocated,
    long peakRequested,
    int peakAllocatedEvent,
    long inactiveSplitBytes,
    long largestFreeBlock,
    int segments,
    long cudaMallocs,
    long cudaFrees,
    long ooms,
    String firstOom,
    long replayNanos) {

  /** Share of reserved memory not holding requested bytes at the peak: 1 - requested/reserved. */
  public double peakWasteRatio() {
    return peakReserved == 0 ? 0 : 1.0 - (double) peakRequested / peakReserved;
  }

  /** Share of the cached free memory outside its largest block: 0 when all free space is one. */
  public double externalFragmentation() {
    long free = reserved - allocated;
    return free <= 0 ? 0 : 1.0 - (double) largestFreeBlock / free;
  }
}
