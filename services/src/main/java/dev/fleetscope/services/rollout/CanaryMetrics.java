package dev.fleetscope.services.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The port the canary analysis reads versions' SLIs through (Prometheus, or the demo's store). */
public interface CanaryMetrics {

  /** Where the numbers come from, for the panel footer. */
  String describe();

  /**
   * One value per metric per interval: the interval {@code (t - step, t]} for t = from + step, from
   * + 2·step, … up to {@code to}. An interval with nothing to measure is NaN.
   *
   * @throws Exception when the source cannot answer (the panel says why)
   */
  Map<AnalysisMetric, double[]> samples(
      CanaryTarget target, String version, Instant from, Instant to, Duration step)
      throws Exception;
}
