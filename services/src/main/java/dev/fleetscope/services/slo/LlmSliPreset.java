package dev.fleetscope.services.slo;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Ready-made SLIs for LLM serving stacks, by the metric names each server exports. Latency presets
 * read a histogram (good = the bucket at the threshold, total = its count); availability presets a
 * pair of counters. Where a server has no metric for an SLI (TGI has no time-to-first-token
 * histogram) there is no preset, and {@link #missing} says why.
 */
public enum LlmSliPreset {
  VLLM_TTFT("vllm-ttft", "vLLM time to first token", "vllm:time_to_first_token_seconds", 1),
  VLLM_ITL(
      "vllm-itl",
      "vLLM inter-token latency (older vLLM: use vllm-tpot)",
      "vllm:inter_token_latency_seconds",
      1),
  VLLM_TPOT(
      "vllm-tpot",
      "vLLM time per output token (the older name of inter-token latency)",
      "vllm:time_per_output_token_seconds",
      1),
  VLLM_E2E("vllm-e2e", "vLLM end-to-end request latency", "vllm:e2e_request_latency_seconds", 1),
  VLLM_AVAILABILITY(
      "vllm-availability",
      "vLLM API server requests without a 5xx answer",
      "http_requests_total{status=\"5xx\"}",
      "http_requests_total"),
  SGLANG_TTFT("sglang-ttft", "SGLang time to first token", "sglang:time_to_first_token_seconds", 1),
  SGLANG_ITL("sglang-itl", "SGLang inter-token latency", "sglang:inter_token_latency_seconds", 1),
  SGLANG_E2E(
      "sglang-e2e", "SGLang end-to-end request latency", "sglang:e2e_request_latency_seconds", 1),
  SGLANG_AVAILABILITY(
      "sglang-availability",
      "SGLang requests not aborted",
      "sglang:num_aborted_requests_total",
      "sglang:num_requests_total"),
  TGI_E2E("tgi-e2e", "TGI request duration", "tgi_request_duration", 1),
  TGI_AVAILABILITY(
      "tgi-availability",
      "TGI requests without failure",
      "tgi_request_failure",
      "tgi_request_count"),
  ISTIO_LATENCY(
      "istio-latency",
      "Istio request duration (milliseconds; the threshold is given in seconds)",
      "istio_request_duration_milliseconds",
      1000),
  ISTIO_AVAILABILITY(
      "istio-availability",
      "Istio requests without a 5xx response code",
      "istio_requests_total{response_code=~\"5..\"}",
      "istio_requests_total"),
  HTTP_AVAILABILITY(
      "http-availability",
      "HTTP requests without a 5xx code (code label)",
      "http_requests_total{code=~\"5..\"}",
      "http_requests_total");

  private final String id;
  private final String description;
  private final String histogram;
  private final double unitsPerSecond;
  private final String errors;
  private final String total;

  LlmSliPreset(String id, String description, String histogram, double unitsPerSecond) {
    this.id = id;
    this.description = description;
    this.histogram = histogram;
    this.unitsPerSecond = unitsPerSecond;
    this.errors = null;
    this.total = null;
  }

  LlmSliPreset(String id, String description, String errors, String total) {
    this.id = id;
    this.description = description;
    this.histogram = null;
    this.unitsPerSecond = 1;
    this.errors = errors;
    this.total = total;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public boolean latency() {
    return histogram != null;
  }

  public static Optional<LlmSliPreset> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(LlmSliPreset::id).toList();
  }

  /** Why a preset someone might look for does not exist, or empty. */
  public static Optional<String> missing(String id) {
    if (id.equals("tgi-ttft")) {
      return Optional.of(
          "TGI exports no time-to-first-token histogram (only tgi_request_duration and per-token means); "
              + "use tgi-e2e, or measure TTFT at a gateway");
    }
    return Optional.empty();
  }

  /**
   * The indicator for this preset, narrowed by {@code matchers} (for example the workload's
   * namespace and model).
   *
   * @param thresholdSeconds the latency threshold for latency presets, ignored otherwise
   */
  public Indicator indicator(
      List<Selector.Matcher> matchers, double thresholdSeconds, List<String> grouping) {
    if (latency()) {
      double le = thresholdSeconds * unitsPerSecond;
      String leText = SloQueryPlan.leSpellings(le).get(0);
      Selector bucket = narrow(Selector.parse(histogram + "_bucket"), matchers);
      bucket = bucket.with(new Selector.Matcher("le", "=", leText));
      Selector count = narrow(Selector.parse(histogram + "_count"), matchers);
      return new Indicator.Latency(bucket, count, le, grouping);
    }
    return new Indicator.Ratio(
        narrow(Selector.parse(errors), matchers),
        narrow(Selector.parse(total), matchers),
        grouping);
  }

  private static Selector narrow(Selector s, List<Selector.Matcher> matchers) {
    for (Selector.Matcher m : matchers) {
      s = s.with(m);
    }
    return s;
  }
}
