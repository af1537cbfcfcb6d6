package dev.fleetscope.probe.allocator;

import java.util.List;

/**
 * One segment (one cudaMalloc, or one expandable range) and its blocks, in address order.
 *
 * @param small whether it belongs to the small pool (requests up to 1 MiB)
 */
public record SegmentLayout(
    long base, long size, boolean small, int stream, boolean expandable, List<BlockLayout> blocks) {

  public SegmentLayout {
    blocks = List.copyOf(blocks);
  }

  public long allocatedBytes() {
    return blocks.stream().filter(BlockLayout::allocated).mapToLong(BlockLayout::size).sum();
  }
}
