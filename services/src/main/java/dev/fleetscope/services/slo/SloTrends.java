package dev.fleetscope.services.slo;

import dev.fleetscope.services.metrics.TimeSeries;
import java.time.Instant;
import java.util.List;

/**
 * One SLO over a time range, for its detail panel: the error budget left at each instant (over the
 * SLO window ending there), and the RED view of its indicator.
 *
 * @param budgetRemaining share of the error budget left, 1 = untouched (may go below 0)
 * @param requests events per second (requests for request-based SLIs)
 * @param errors bad events per second (errors, or requests slower than the threshold)
 * @param latency p50/p90/p99 in seconds, for latency SLIs with a classic histogram; else empty
 * @param notes what could not be shown and why
 */
public record SloTrends(
    Instant from,
    Instant to,
    TimeSeries budgetRemaining,
    TimeSeries requests,
    TimeSeries errors,
    List<TimeSeries> latency,
    List<String> notes) {
  public SloTrends {
    latency = List.copyOf(latency);
    notes = List.copyOf(notes);
  }
}
