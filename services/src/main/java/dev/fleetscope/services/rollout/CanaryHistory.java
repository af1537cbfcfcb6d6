package dev.fleetscope.services.rollout;

import dev.fleetscope.services.metrics.OpenMetricsHistory;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * Synthetic history of one workload's versions, as the canary analysis reads them from Prometheus
 * (the series {@link AnalysisMetric} queries), for backfilling a local Prometheus in tests and
 * benchmarks. Each version serves requests at a steady rate with a slow sine wobble, a fixed share
 * of 5xx, fixed shares per TTFT and end-to-end latency bucket, and a fixed time per output token,
 * so every per-interval SLI is known exactly.
 */
public final class CanaryHistory {
  /** TTFT bucket bounds (seconds). */
  public static final String[] TTFT_LE = {"0.25", "0.5", "1", "2.5", "+Inf"};

  /** End-to-end latency bucket bounds (seconds). */
  public static final String[] E2E_LE = {"1", "2.5", "5", "10", "20", "+Inf"};

  /** Shares per TTFT bucket of a healthy version: p95 = 0.75 s. */
  public static final double[] TTFT_STEADY = {0.5, 0.9, 1.0, 1.0, 1.0};

  /** Shares per TTFT bucket of a version twice as slow: p95 = 1.75 s. */
  public static final double[] TTFT_SLOW = {0.0, 0.5, 0.9, 1.0, 1.0};

  /** Shares per end-to-end bucket of a healthy version: p50 = 3.125 s. */
  public static final double[] E2E_STEADY = {0.1, 0.4, 0.8, 0.99, 1.0, 1.0};

  /** Shares per end-to-end bucket of a slower version: p50 = 6.25 s. */
  public static final double[] E2E_SLOW = {0.0, 0.1, 0.4, 0.8, 0.99, 1.0};

  /** Output tokens per request. */
  public static final int TOKENS_PER_REQUEST = 200;

  private final OpenMetricsHistory history;
  private final long start;
  private final String namespace;

  public CanaryHistory(OpenMetricsHistory history, long startSeconds, String namespace) {
    this.history = history;
    this.start = startSeconds;
    this.namespace = namespace;
  }

  /**
   * Adds one version.
   *
   * @param ttftShares share of requests at or under each of {@link #TTFT_LE}
   * @param e2eShares share of requests at or under each of {@link #E2E_LE}
   * @param phase of the rate's wobble, so versions do not move in step
   */
  public CanaryHistory version(
      String hash,
      double rps,
      double errorShare,
      double[] ttftShares,
      double[] e2eShares,
      double secondsPerToken,
      double phase) {
    double w = 2 * Math.PI / 600;
    LongToDoubleFunction requests =
        t -> rps * (t - start) + 0.3 * rps * (1 - Math.cos(w * (t - start) + phase)) / w;
    Map<String, String> base = Map.of("namespace", namespace, CanaryTarget.ROLLOUT_HASH, hash);
    history.counter(
        "http_requests_total",
        with(base, "status", "5xx"),
        t -> errorShare * requests.applyAsDouble(t));
    history.counter(
        "http_requests_total",
        with(base, "status", "2xx"),
        t -> (1 - errorShare) * requests.applyAsDouble(t));
    for (int i = 0; i < TTFT_LE.length; i++) {
      double share = ttftShares[i];
      history.counter(
          "vllm:time_to_first_token_seconds_bucket",
          with(base, "le", TTFT_LE[i]),
          t -> share * requests.applyAsDouble(t));
    }
    for (int i = 0; i < E2E_LE.length; i++) {
      double share = e2eShares[i];
      history.counter(
          "vllm:e2e_request_latency_seconds_bucket",
          with(base, "le", E2E_LE[i]),
          t -> share * requests.applyAsDouble(t));
    }
    history.counter(
        "vllm:time_per_output_token_seconds_count",
        base,
        t -> TOKENS_PER_REQUEST * requests.applyAsDouble(t));
    history.counter(
        "vllm:time_per_output_token_seconds_sum",
        base,
        t -> TOKENS_PER_REQUEST * secondsPerToken * requests.applyAsDouble(t));
    return this;
  }

  /**
   * The parsed JSON of a canary Rollout between two of these versions, at its first step
   * (generation 1, observed), as an API server would hold it after its controller wrote status.
   */
  public static Map<String, Object> rollout(
      String namespace, String name, String stable, String canary) {
    Map<String, Object> status = new HashMap<>();
    status.put("stableRS", stable);
    status.put("currentPodHash", canary);
    status.put("observedGeneration", "1");
    status.put("replicas", 5);
    status.put("updatedReplicas", 1);
    status.put("currentStepIndex", 0);
    return Map.of(
        "metadata",
        Map.of("namespace", namespace, "name", name, "generation", 1),
        "spec",
        Map.of(
            "replicas",
            5,
            "strategy",
            Map.of("canary", Map.of("steps", java.util.List.of(Map.of("setWeight", 20))))),
        "status",
        status);
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> out = new HashMap<>(base);
    out.put(key, value);
    return out;
  }
}
