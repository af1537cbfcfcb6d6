package dev.fleetscope.services.rollout;

import dev.fleetscope.services.rollout.judge.CanaryMetric;
import dev.fleetscope.services.rollout.judge.CanaryMetric.Bad;
import dev.fleetscope.services.rollout.judge.CanaryMetric.Unit;

/**
 * The SLIs a canary is compared on, each computed per interval from counters and histograms (vLLM's
 * names; the HTTP counter is the instrumentator's {@code http_requests_total} with {@code status}
 * grouped as "2xx", "5xx").
 */
public enum AnalysisMetric {
  ERROR_RATE(new CanaryMetric("Error rate", Unit.PERCENT, Bad.HIGHER, true, 2)),
  // Time to first token is what users of a chat model feel first: a regression there fails the
  // canary outright, like errors do.
  TTFT_P95(new CanaryMetric("TTFT p95", Unit.SECONDS, Bad.HIGHER, true, 1)),
  LATENCY_P50(new CanaryMetric("Latency p50", Unit.SECONDS, Bad.HIGHER, false, 1)),
  LATENCY_P99(new CanaryMetric("Latency p99", Unit.SECONDS, Bad.HIGHER, false, 1)),
  DECODE_SPEED(new CanaryMetric("Decode tokens/s", Unit.PER_SECOND, Bad.LOWER, false, 1));

  private final CanaryMetric metric;

  AnalysisMetric(CanaryMetric metric) {
    this.metric = metric;
  }

  public CanaryMetric metric() {
    return metric;
  }

  /**
   * The PromQL for one version over windows of {@code window}, e.g. {@code 30s}.
   *
   * @param selector label matchers without braces, e.g. {@code namespace="x",h="abc"}
   */
  public String promql(String selector, String window) {
    return switch (this) {
      case ERROR_RATE ->
          "sum(increase(http_requests_total{"
              + selector
              + ",status=~\"5..\"}["
              + window
              + "])) / sum(increase(http_requests_total{"
              + selector
              + "}["
              + window
              + "]))";
      case TTFT_P95 -> quantile(0.95, "vllm:time_to_first_token_seconds_bucket", selector, window);
      case LATENCY_P50 ->
          quantile(0.5, "vllm:e2e_request_latency_seconds_bucket", selector, window);
      case LATENCY_P99 ->
          quantile(0.99, "vllm:e2e_request_latency_seconds_bucket", selector, window);
      case DECODE_SPEED ->
          "sum(increase(vllm:time_per_output_token_seconds_count{"
              + selector
              + "}["
              + window
              + "])) / sum(increase(vllm:time_per_output_token_seconds_sum{"
              + selector
              + "}["
              + window
              + "]))";
    };
  }

  private static String quantile(double q, String bucket, String selector, String window) {
    return "histogram_quantile("
        + q
        + ", sum by (le) (increase("
        + bucket
        + "{"
        + selector
        + "}["
        + window
        + "])))";
  }
}
