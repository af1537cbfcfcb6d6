package dev.fleetscope.services.gpumemory;

import java.util.List;

/**
 * A block of a segment.
 *
 * @param requestedSize what the tensor asked for (0 when free, or unknown in old snapshots)
 * @param frames the allocating stack, innermost first; empty when not recorded
 */
public record SnapshotBlock(
    long address, long size, long requestedSize, BlockState state, List<StackFrame> frames) {

  public SnapshotBlock {
    frames = List.copyOf(frames);
  }

  /** Bytes lost to rounding the request up to the block: size minus requested size. */
  public long roundingWaste() {
    return state == BlockState.ACTIVE_ALLOCATED && requestedSize > 0 ? size - requestedSize : 0;
  }

  /** The largest power of two dividing the address. */
  public long alignment() {
    return address == 0 ? 0 : Long.lowestOneBit(address);
  }
}
