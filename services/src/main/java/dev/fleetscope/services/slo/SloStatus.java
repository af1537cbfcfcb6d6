package dev.fleetscope.services.slo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An SLO judged at one instant.
 *
 * @param sliOverWindow the good share over the whole SLO window (NaN without traffic)
 * @param sliNow the good share over the shortest burn window (NaN without traffic)
 * @param budgetRemaining the share of the error budget left, 1 = untouched, below 0 = overspent
 *     (NaN without traffic)
 * @param burnRates burn rate per window, shortest window first (NaN where the window had no
 *     traffic)
 * @param counts the events behind each window, the SLO window included
 * @param timeToExhaustion how long the budget lasts at the current burn; empty when it is not
 *     burning, zero when it is already spent
 * @param coverage the share of the SLO window that had data (1 = all of it)
 */
public record SloStatus(
    double objective,
    Duration window,
    double sliOverWindow,
    double sliNow,
    double budgetRemaining,
    Map<Duration, Double> burnRates,
    Map<Duration, WindowCounts> counts,
    List<RuleState> rules,
    AlertState state,
    Optional<Duration> timeToExhaustion,
    double coverage) {

  public SloStatus {
    burnRates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(burnRates));
    counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
    rules = List.copyOf(rules);
  }

  public double burnRate(Duration window) {
    return burnRates.getOrDefault(window, Double.NaN);
  }
}
