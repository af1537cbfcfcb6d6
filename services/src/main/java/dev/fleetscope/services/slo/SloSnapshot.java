package dev.fleetscope.services.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every SLO judged at one instant from one source, with the source's warnings (partial data) and
 * per-window failures. Immutable: the SLO panels render one snapshot at a time.
 *
 * @param readEarlier windows whose counts were not read for this instant but kept from an earlier
 *     read (the long SLO windows, re-read on a slower cadence), with the instant they were read at
 */
public record SloSnapshot(
    Instant at,
    String source,
    List<SloResult> results,
    List<String> warnings,
    Map<Duration, Instant> readEarlier) {
  public SloSnapshot {
    results = List.copyOf(results);
    warnings = List.copyOf(warnings);
    readEarlier = Map.copyOf(readEarlier);
  }

  public SloSnapshot(Instant at, String source, List<SloResult> results, List<String> warnings) {
    this(at, source, results, warnings, Map.of());
  }

  /** When this window's counts were read, where that was before {@link #at()}. */
  public Optional<Instant> readAt(Duration window) {
    return Optional.ofNullable(readEarlier.get(window));
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
