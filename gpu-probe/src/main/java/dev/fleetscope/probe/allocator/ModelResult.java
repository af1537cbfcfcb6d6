package dev.fleetscope.probe.allocator;

import java.util.List;

/**
 * What the allocator model produced: the layout after the replayed events, its figures, and for
 * each tensor the modelled address and block size (-1 / 0 when it failed to allocate).
 */
public record ModelResult(
    AllocatorConfig config,
    List<SegmentLayout> segments,
    ModelStats stats,
    long[] addresses,
    long[] blockSizes) {

  public ModelResult {
    segments = List.copyOf(segments);
  }
}
