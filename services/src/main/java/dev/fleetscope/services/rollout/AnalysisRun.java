package dev.fleetscope.services.rollout;

import java.time.Instant;
import java.util.List;

/**
 * An Argo Rollouts AnalysisRun (argoproj.io/v1alpha1) and its measurements.
 *
 * @param podHash the canary pod-template hash it judged ({@code rollouts-pod-template-hash})
 * @param step the canary step index that started it, or -1 (background analysis)
 */
public record AnalysisRun(
    String name,
    String podHash,
    int step,
    String phase,
    String message,
    Instant started,
    List<MetricResult> metrics) {

  /** One metric's results: counts and measurements, newest last. */
  public record MetricResult(
      String name,
      String phase,
      int successful,
      int failed,
      int inconclusive,
      int error,
      String message,
      List<Measurement> measurements) {
    public MetricResult {
      measurements = List.copyOf(measurements);
    }
  }

  /** One measurement: its phase and value as the provider returned it. */
  public record Measurement(String phase, String value, Instant finished) {}

  public AnalysisRun {
    metrics = List.copyOf(metrics);
  }
}
