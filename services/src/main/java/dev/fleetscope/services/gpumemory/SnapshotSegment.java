package dev.fleetscope.services.gpumemory;

import java.util.List;

/**
 * One segment (a cudaMalloc, or an expandable range) of a PyTorch allocator snapshot.
 *
 * @param segmentType "small" or "large"
 */
public record SnapshotSegment(
    int device,
    long address,
    long totalSize,
    long stream,
    String segmentType,
    boolean expandable,
    List<SnapshotBlock> blocks) {

  public SnapshotSegment {
    blocks = List.copyOf(blocks);
  }

  public long allocatedBytes() {
    long sum = 0;
    for (SnapshotBlock b : blocks) {
      if (b.state() == BlockState.ACTIVE_ALLOCATED) {
        sum += b.size();
      }
    }
    return sum;
  }

  public long requestedBytes() {
    long sum = 0;
    for (SnapshotBlock b : blocks) {
      if (b.state() == BlockState.ACTIVE_ALLOCATED) {
        sum += b.requestedSize();
      }
    }
    return sum;
  }

  /** Bytes in blocks that are neither allocated nor pending free: cached, reusable. */
  public long freeBytes() {
    long sum = 0;
    for (SnapshotBlock b : blocks) {
      if (b.state() == BlockState.INACTIVE) {
        sum += b.size();
      }
    }
    return sum;
  }
}
