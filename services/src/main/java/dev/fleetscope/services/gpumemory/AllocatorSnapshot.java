package dev.fleetscope.services.gpumemory;

import java.util.List;
import java.util.Map;

/**
 * A PyTorch CUDA caching-allocator snapshot ({@code torch.cuda.memory._dump_snapshot}): the
 * segments and their blocks at the moment it was taken, the recorded history, and the allocator's
 * settings.
 *
 * @param source the file it was read from
 * @param format which shape the file had ("dict" for current PyTorch, "segment list" for old)
 */
public record AllocatorSnapshot(
    String source,
    String format,
    List<SnapshotSegment> segments,
    List<TraceEntry> traces,
    Map<String, String> allocatorSettings) {

  public AllocatorSnapshot {
    segments = List.copyOf(segments);
    traces = List.copyOf(traces);
    allocatorSettings = Map.copyOf(allocatorSettings);
  }
}
