package dev.fleetscope.services.rollout.adapter;

import dev.fleetscope.services.metrics.SeriesStore;
import dev.fleetscope.services.rollout.AnalysisMetric;
import dev.fleetscope.services.rollout.CanaryMetrics;
import dev.fleetscope.services.rollout.CanaryTarget;
import dev.fleetscope.services.slo.SloHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Canary SLIs from in-memory counter series (the demo fleet's simulated Prometheus): the same
 * increases over each interval that the PromQL of {@link AnalysisMetric} asks Prometheus for.
 */
public final class StoreCanaryMetrics implements CanaryMetrics {
  private final Function<String, SeriesStore> stores;

  /**
   * @param stores each cluster's series
   */
  public StoreCanaryMetrics(Function<String, SeriesStore> stores) {
    this.stores = stores;
  }

  @Override
  public String describe() {
    return "the demo fleet's simulated Prometheus";
  }

  @Override
  public Map<AnalysisMetric, double[]> samples(
      CanaryTarget target, String version, Instant from, Instant to, Duration step) {
    SeriesStore store = stores.apply(target.cluster());
    int n = (int) Math.max(0, Duration.between(from, to).toMillis() / step.toMillis());
    Map<AnalysisMetric, double[]> out = new EnumMap<>(AnalysisMetric.class);
    for (AnalysisMetric m : AnalysisMetric.values()) {
      out.put(m, new double[n]);
    }
    List<SeriesStore.Series> requests = select(store, "http_requests_total", target, version);
    List<SeriesStore.Series> ttft =
        select(store, "vllm:time_to_first_token_seconds_bucket", target, version);
    List<SeriesStore.Series> e2e =
        select(store, "vllm:e2e_request_latency_seconds_bucket", target, version);
    List<SeriesStore.Series> tpotCount =
        select(store, "vllm:time_per_output_token_seconds_count", target, version);
    List<SeriesStore.Series> tpotSum =
        select(store, "vllm:time_per_output_token_seconds_sum", target, version);
    for (int k = 0; k < n; k++) {
      Instant b = from.plus(step.multipliedBy(k + 1L));
      Instant a = b.minus(step);
      double all = 0;
      double bad = 0;
      for (SeriesStore.Series s : requests) {
        double inc = s.increase(a, b);
        all += inc;
        if (s.labels().getOrDefault("status", "").startsWith("5")) {
          bad += inc;
        }
      }
      out.get(AnalysisMetric.ERROR_RATE)[k] = all > 0 ? bad / all : Double.NaN;
      out.get(AnalysisMetric.TTFT_P95)[k] = quantile(0.95, ttft, a, b);
      out.get(AnalysisMetric.LATENCY_P50)[k] = quantile(0.5, e2e, a, b);
      out.get(AnalysisMetric.LATENCY_P99)[k] = quantile(0.99, e2e, a, b);
      double c = sum(tpotCount, a, b);
      double s = sum(tpotSum, a, b);
      out.get(AnalysisMetric.DECODE_SPEED)[k] = s > 0 ? c / s : Double.NaN;
    }
    return out;
  }

  private static List<SeriesStore.Series> select(
      SeriesStore store, String metric, CanaryTarget target, String version) {
    List<SeriesStore.Series> out = new ArrayList<>();
    for (SeriesStore.Series s : store.series(metric)) {
      if (target.namespace().equals(s.labels().get("namespace"))
          && version.equals(s.labels().get(target.versionLabel()))) {
        out.add(s);
      }
    }
    return out;
  }

  private static double sum(List<SeriesStore.Series> series, Instant a, Instant b) {
    double total = 0;
    for (SeriesStore.Series s : series) {
      total += s.increase(a, b);
    }
    return total;
  }

  /** histogram_quantile over the buckets' increases, summed by {@code le}. */
  static double quantile(double q, List<SeriesStore.Series> buckets, Instant a, Instant b) {
    TreeMap<Double, Double> byLe = new TreeMap<>();
    for (SeriesStore.Series s : buckets) {
      String le = s.labels().get("le");
      if (le == null) {
        continue;
      }
      double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
      byLe.merge(bound, s.increase(a, b), Double::sum);
    }
    if (byLe.isEmpty()) {
      return Double.NaN;
    }
    double[] bounds = new double[byLe.size()];
    double[] cumulative = new double[byLe.size()];
    int i = 0;
    for (Map.Entry<Double, Double> e : byLe.entrySet()) {
      bounds[i] = e.getKey();
      cumulative[i] = e.getValue();
      i++;
    }
    return SloHistory.histogramQuantile(q, bounds, cumulative);
  }
}
