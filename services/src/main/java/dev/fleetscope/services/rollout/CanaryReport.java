package dev.fleetscope.services.rollout;

import dev.fleetscope.services.rollout.judge.CanaryVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Canary against stable over one window: each metric's value for both versions over the whole
 * window, each version's burn rate of the error budget, and the statistical verdict over the
 * per-interval samples.
 *
 * @param objective the success objective the burn rates are read against, e.g. 0.995
 * @param problem why there is no analysis (no canary, metrics source failed), else null
 */
public record CanaryReport(
    String rolloutKey,
    String stableHash,
    String canaryHash,
    String source,
    Instant from,
    Instant to,
    Duration step,
    List<Figure> figures,
    double objective,
    double stableBurn,
    double canaryBurn,
    CanaryVerdict verdict,
    String problem) {

  /** One metric over the whole window, for both versions. */
  public record Figure(AnalysisMetric metric, double stable, double canary) {}

  public CanaryReport {
    figures = List.copyOf(figures);
  }

  public static CanaryReport unavailable(String rolloutKey, String source, String problem) {
    return new CanaryReport(
        rolloutKey,
        null,
        null,
        source,
        null,
        null,
        null,
        List.of(),
        Double.NaN,
        Double.NaN,
        Double.NaN,
        null,
        problem);
  }
}
