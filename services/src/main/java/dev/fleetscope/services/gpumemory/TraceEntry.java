package dev.fleetscope.services.gpumemory;

import java.util.List;

/**
 * One event of the allocator's recorded history ({@code device_traces}).
 *
 * @param action alloc, free_requested, free_completed, segment_alloc, segment_free, segment_map,
 *     segment_unmap, oom, snapshot (kept as written: newer PyTorch may add actions)
 * @param timeUs microseconds, as PyTorch records them (0 when not recorded)
 */
public record TraceEntry(
    int device,
    String action,
    long address,
    long size,
    long stream,
    long timeUs,
    List<StackFrame> frames) {

  public TraceEntry {
    frames = List.copyOf(frames);
  }
}
