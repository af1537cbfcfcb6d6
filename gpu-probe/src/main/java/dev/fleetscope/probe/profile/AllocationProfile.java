package dev.fleetscope.probe.profile;

import java.util.List;
import java.util.Map;

/**
 * A workload allocated and freed through one allocator on one device.
 *
 * @param alignmentHistogram alignment in bytes (a power of two) to the number of allocations with
 *     exactly that alignment, capped at 2 MiB and above ("2097152" counts those too)
 * @param knownWaste sum of the rounding waste where known
 * @param unknownWaste allocations whose waste could not be told
 */
public record AllocationProfile(
    String allocator,
    boolean measured,
    int device,
    List<TensorAllocation> tensors,
    Percentiles allocLatency,
    Percentiles freeLatency,
    Map<Long, Integer> alignmentHistogram,
    long knownWaste,
    int unknownWaste,
    long wallNanos) {

  public AllocationProfile {
    tensors = List.copyOf(tensors);
    alignmentHistogram = Map.copyOf(alignmentHistogram);
  }
}
