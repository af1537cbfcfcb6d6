package dev.fleetscope.services.demo;

import java.util.List;

/**
 * The SLO objects the demo clusters hold, as teams write them for Pyrra and Sloth. The console
 * finds them through the Kubernetes API like any cluster's, and judges them against the demo's
 * series.
 */
final class DemoSlos {
  private DemoSlos() {}

  /** The YAML documents of one demo cluster's SLO objects (empty for an unknown cluster). */
  static List<String> of(String cluster) {
    return switch (cluster) {
      case "demo-us-east" ->
          List.of(
              pyrraAvailability("llama-3-1-70b-chat", "99.5"),
              pyrraTtft("llama-3-1-70b-chat", "meta-llama/Llama-3.1-70B-Instruct", "99", "1"),
              slothAvailability("qwen2-5-coder-32b", 99.5),
              pyrraTtft("bge-m3-embed", "BAAI/bge-m3", "99", "0.1", "llm-embeddings"));
      case "demo-eu-west" ->
          List.of(
              pyrraAvailability("llama-3-1-70b-chat", "99.5"),
              pyrraGroupedTtft(),
              slothAvailability("llama-3-1-405b-fp8", 99.5),
              pyrraAvailability("bge-m3-embed", "99.5", "llm-embeddings"));
      default -> List.of();
    };
  }

  private static String pyrraAvailability(String job, String target) {
    return pyrraAvailability(job, target, "llm-serving");
  }

  private static String pyrraAvailability(String job, String target, String namespace) {
    return """
        apiVersion: pyrra.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata:
          name: %1$s-availability
          namespace: %3$s
          labels:
            team: inference
            tier: "1"
        spec:
          description: Requests to %1$s that do not fail with a server error.
          target: "%2$s"
          window: 28d
          indicator:
            ratio:
              errors:
                metric: http_requests_total{job="%1$s",status="5xx"}
              total:
                metric: http_requests_total{job="%1$s"}
        """
        .formatted(job, target, namespace);
  }

  private static String pyrraTtft(String job, String model, String target, String le) {
    return pyrraTtft(job, model, target, le, "llm-serving");
  }

  private static String pyrraTtft(
      String job, String model, String target, String le, String namespace) {
    return """
        apiVersion: pyrra.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata:
          name: %1$s-ttft
          namespace: %5$s
          labels:
            team: inference
            sli: ttft
        spec:
          description: First token within %4$s s for %2$s.
          target: "%3$s"
          window: 28d
          indicator:
            latency:
              success:
                metric: vllm:time_to_first_token_seconds_bucket{model_name="%2$s",le="%4$s"}
              total:
                metric: vllm:time_to_first_token_seconds_count{model_name="%2$s"}
        """
        .formatted(job, model, target, le, namespace);
  }

  /** One SLO for every chat model of the cluster, split by model name. */
  private static String pyrraGroupedTtft() {
    return """
        apiVersion: pyrra.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata:
          name: chat-ttft
          namespace: llm-serving
          labels:
            team: inference
            sli: ttft
        spec:
          description: First token within 1 s, per served chat model.
          target: "97.5"
          window: 28d
          indicator:
            latency:
              success:
                metric: vllm:time_to_first_token_seconds_bucket{namespace="llm-serving",le="1.0"}
              total:
                metric: vllm:time_to_first_token_seconds_count{namespace="llm-serving"}
              grouping:
                - model_name
        """;
  }

  private static String slothAvailability(String job, double objective) {
    return """
        apiVersion: sloth.slok.dev/v1
        kind: PrometheusServiceLevel
        metadata:
          name: %1$s
          namespace: llm-serving
          labels:
            team: inference
        spec:
          service: %1$s
          labels:
            owner: inference
          slos:
            - name: availability
              objective: %2$s
              description: Requests to %1$s answered without a server error.
              sli:
                events:
                  errorQuery: sum(rate(http_requests_total{job="%1$s",status="5xx"}[{{.window}}]))
                  totalQuery: sum(rate(http_requests_total{job="%1$s"}[{{.window}}]))
              alerting:
                name: %1$sHighErrorRate
        """
        .formatted(job, objective);
  }
}
