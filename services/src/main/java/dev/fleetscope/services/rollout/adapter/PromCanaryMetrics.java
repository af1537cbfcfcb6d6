package dev.fleetscope.services.rollout.adapter;

import dev.fleetscope.services.metrics.PromSeries;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.services.rollout.AnalysisMetric;
import dev.fleetscope.services.rollout.CanaryMetrics;
import dev.fleetscope.services.rollout.CanaryTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Canary SLIs from Prometheus: one range query per metric per version, each point the increase over
 * the step before it, so points do not overlap and the test sees independent samples.
 */
public final class PromCanaryMetrics implements CanaryMetrics {
  private final PrometheusApi prometheus;

  public PromCanaryMetrics(PrometheusApi prometheus) {
    this.prometheus = prometheus;
  }

  @Override
  public String describe() {
    return prometheus.describe();
  }

  @Override
  public Map<AnalysisMetric, double[]> samples(
      CanaryTarget target, String version, Instant from, Instant to, Duration step) {
    int n = (int) Math.max(0, Duration.between(from, to).toMillis() / step.toMillis());
    Map<AnalysisMetric, double[]> out = new EnumMap<>(AnalysisMetric.class);
    String window = step.toSeconds() + "s";
    Instant first = from.plus(step);
    for (AnalysisMetric m : AnalysisMetric.values()) {
      double[] v = new double[n];
      Arrays.fill(v, Double.NaN);
      if (n > 0) {
        List<PromSeries> series =
            prometheus
                .range(
                    m.promql(target.selector(version), window),
                    first,
                    first.plus(step.multipliedBy(n - 1L)),
                    step)
                .data();
        if (!series.isEmpty()) {
          PromSeries s = series.get(0);
          for (int i = 0; i < s.size(); i++) {
            long k = (s.timesMillis()[i] - first.toEpochMilli()) / step.toMillis();
            if (k >= 0 && k < n && Double.isFinite(s.values()[i])) {
              v[(int) k] = s.values()[i];
            }
          }
        }
      }
      out.put(m, v);
    }
    return out;
  }
}
