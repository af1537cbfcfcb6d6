package dev.fleetscope.services.slo;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Every SLO judged at one instant from one source, with the source's warnings (partial data) and
 * per-window failures. Immutable: the SLO panels render one snapshot at a time.
 */
public record SloSnapshot(
    Instant at, String source, List<SloResult> results, List<String> warnings) {
  public SloSnapshot {
    results = List.copyOf(results);
    warnings = List.copyOf(warnings);
  }

  /** Least budget left first; SLOs without data last. */
  public static final Comparator<SloResult> BY_BUDGET_REMAINING =
      Comparator.comparingDouble(
              (SloResult r) ->
                  Double.isNaN(r.status().budgetRemaining())
                      ? Double.MAX_VALUE
                      : r.status().budgetRemaining())
          .thenComparing(SloResult::title);

  public List<SloResult> sortedByBudget() {
    return results.stream().sorted(BY_BUDGET_REMAINING).toList();
  }
}
