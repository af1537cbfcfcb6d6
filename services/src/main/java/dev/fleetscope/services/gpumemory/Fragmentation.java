package dev.fleetscope.services.gpumemory;

/**
 * Where the reserved memory of a snapshot goes.
 *
 * @param reserved bytes in segments (what the device sees taken)
 * @param allocated bytes in blocks handed to tensors (after rounding)
 * @param requested bytes the tensors asked for
 * @param pendingFree bytes freed but waiting for stream events
 * @param free cached bytes, reusable
 * @param inactiveSplit free bytes in segments that also hold active blocks: reusable only by
 *     requests that fit the holes, and they keep the segment from being released
 * @param largestFree the largest free block
 */
public record Fragmentation(
    long reserved,
    long allocated,
    long requested,
    long pendingFree,
    long free,
    long inactiveSplit,
    long largestFree,
    int segments,
    int blocks) {

  /** Rounding waste inside allocated blocks as a share of them: 1 - requested/allocated. */
  public double internal() {
    return allocated == 0 ? 0 : 1.0 - (double) requested / allocated;
  }

  /** 1 - largest free block / all free bytes: 0 when all free memory is one block. */
  public double external() {
    return free == 0 ? 0 : 1.0 - (double) largestFree / free;
  }

  /** Reserved but not allocated. */
  public long reservedNotAllocated() {
    return reserved - allocated;
  }

  public static Fragmentation of(AllocatorSnapshot s) {
    long reserved = 0;
    long allocated = 0;
    long requested = 0;
    long pending = 0;
    long free = 0;
    long split = 0;
    long largest = 0;
    int blocks = 0;
    for (SnapshotSegment seg : s.segments()) {
      reserved += seg.totalSize();
      boolean anyActive = false;
      long segFree = 0;
      for (SnapshotBlock b : seg.blocks()) {
        blocks++;
        switch (b.state()) {
          case ACTIVE_ALLOCATED -> {
            allocated += b.size();
            requested += b.requestedSize();
            anyActive = true;
          }
          case ACTIVE_PENDING_FREE -> {
            pending += b.size();
            anyActive = true;
          }
          case INACTIVE -> {
            segFree += b.size();
            largest = Math.max(largest, b.size());
          }
          default -> {}
        }
      }
      free += segFree;
      if (anyActive) {
        split += segFree;
      }
    }
    return new Fragmentation(
        reserved, allocated, requested, pending, free, split, largest, s.segments().size(), blocks);
  }
}
