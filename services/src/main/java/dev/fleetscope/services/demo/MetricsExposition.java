package dev.fleetscope.services.demo;

import dev.fleetscope.services.demo.SimNode.SimGpu;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Renders the simulated fleet in the Prometheus text exposition format with the metric names of
 * vLLM (per serving pod) and the NVIDIA DCGM exporter (per GPU). Each series carries {@code
 * cluster}, {@code namespace} and {@code pod} labels, as a federating Prometheus would add them.
 */
final class MetricsExposition {

  private MetricsExposition() {}

  static String render(Map<String, List<SimWorkload>> workloads, Map<String, List<SimNode>> nodes) {
    StringBuilder out = new StringBuilder(64 * 1024);
    List<SimReplica> replicas =
        workloads.values().stream()
            .flatMap(List::stream)
            .filter(w -> w.spec.servesInference())
            .flatMap(w -> w.replicas.stream())
            .filter(SimReplica::scheduled)
            .toList();

    vllm(out, replicas, MetricsExposition::vllmLabels);

    header(
        out,
        "http_requests_total",
        "counter",
        "Total number of requests by method, status and handler.");
    for (SimReplica r : replicas) {
      String handler = r.spec().outputTokens() <= 1 ? "/v1/embeddings" : "/v1/chat/completions";
      String base = podLabels(r) + ",handler=\"" + handler + "\",method=\"POST\"";
      sample(out, "http_requests_total", base + ",status=\"2xx\"", r.http2xx);
      sample(out, "http_requests_total", base + ",status=\"4xx\"", r.http4xx);
      sample(out, "http_requests_total", base + ",status=\"5xx\"", r.http5xx);
    }

    dcgm(
        out,
        nodes,
        "DCGM_FI_DEV_FB_USED",
        "Framebuffer memory used (in MiB).",
        (n, g) -> g.fbUsedMiB);
    dcgm(
        out,
        nodes,
        "DCGM_FI_DEV_FB_FREE",
        "Framebuffer memory free (in MiB).",
        (n, g) ->
            Math.max(0, n.pool.gpuMemoryMiB() - g.fbUsedMiB - FleetSimulator.FB_RESERVED_MIB));
    dcgm(
        out,
        nodes,
        "DCGM_FI_DEV_FB_RESERVED",
        "Framebuffer memory reserved (in MiB).",
        (n, g) -> FleetSimulator.FB_RESERVED_MIB);
    dcgm(out, nodes, "DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %).", (n, g) -> g.utilPercent);
    dcgm(out, nodes, "DCGM_FI_DEV_GPU_TEMP", "GPU temperature (in C).", (n, g) -> g.temperatureC);
    dcgm(out, nodes, "DCGM_FI_DEV_POWER_USAGE", "Power draw (in W).", (n, g) -> g.powerWatts);
    return out.toString();
  }

  /** The vLLM metrics of {@code rs}, each series labelled by {@code labels}. */
  private static void vllm(
      StringBuilder out,
      List<SimReplica> rs,
      java.util.function.Function<SimReplica, String> labels) {
    gauge(
        out,
        "vllm:num_requests_running",
        "Number of requests in model execution batches.",
        rs,
        labels,
        r -> r.running);
    gauge(
        out,
        "vllm:num_requests_waiting",
        "Number of requests waiting to be processed.",
        rs,
        labels,
        r -> r.waiting);
    gauge(
        out,
        "vllm:kv_cache_usage_perc",
        "KV-cache usage. 1 means 100 percent usage.",
        rs,
        labels,
        r -> r.kvCacheUsage);
    counter(
        out,
        "vllm:num_preemptions_total",
        "Cumulative number of preemptions.",
        rs,
        labels,
        r -> r.preemptions);
    counter(
        out,
        "vllm:prompt_tokens_total",
        "Number of prefill tokens processed.",
        rs,
        labels,
        r -> r.promptTokens);
    counter(
        out,
        "vllm:generation_tokens_total",
        "Number of generation tokens processed.",
        rs,
        labels,
        r -> r.generationTokens);

    header(
        out, "vllm:request_success_total", "counter", "Count of successfully processed requests.");
    for (SimReplica r : rs) {
      sample(
          out,
          "vllm:request_success_total",
          labels.apply(r) + ",finished_reason=\"stop\"",
          r.successStop);
      sample(
          out,
          "vllm:request_success_total",
          labels.apply(r) + ",finished_reason=\"length\"",
          r.successLength);
    }
    histogram(
        out,
        "vllm:time_to_first_token_seconds",
        "Histogram of time to first token in seconds.",
        rs,
        labels,
        r -> r.ttft);
    histogram(
        out,
        "vllm:inter_token_latency_seconds",
        "Histogram of inter-token latency in seconds.",
        rs,
        labels,
        r -> r.interToken);
    histogram(
        out,
        "vllm:e2e_request_latency_seconds",
        "Histogram of end to end request latency in seconds.",
        rs,
        labels,
        r -> r.e2e);

    histogram(
        out,
        "vllm:iteration_tokens_total",
        "Histogram of number of tokens per engine_step.",
        rs,
        labels,
        r -> r.iterationTokens);
    histogram(
        out,
        "vllm:request_queue_time_seconds",
        "Histogram of time spent in WAITING phase for request.",
        rs,
        labels,
        r -> r.queueTime);
    histogram(
        out,
        "vllm:request_prefill_time_seconds",
        "Histogram of time spent in PREFILL phase for request.",
        rs,
        labels,
        r -> r.prefillTime);
    histogram(
        out,
        "vllm:request_decode_time_seconds",
        "Histogram of time spent in DECODE phase for request.",
        rs,
        labels,
        r -> r.decodeTime);
  }

  /**
   * One serving pod's own /metrics page, as vLLM serves it: its series carry the model and engine,
   * not the pod (the scraper knows which pod it asked).
   */
  static String renderPod(SimReplica r) {
    StringBuilder out = new StringBuilder(16 * 1024);
    vllm(out, List.of(r), MetricsExposition::modelLabels);
    return out.toString();
  }

  private interface GpuValue {
    double of(SimNode node, SimGpu gpu);
  }

  private static void dcgm(
      StringBuilder out, Map<String, List<SimNode>> nodes, String name, String help, GpuValue v) {
    header(out, name, "gauge", help);
    for (List<SimNode> clusterNodes : nodes.values()) {
      for (SimNode node : clusterNodes) {
        for (SimGpu gpu : node.gpus) {
          StringBuilder labels = new StringBuilder();
          labels
              .append("cluster=\"")
              .append(node.cluster)
              .append("\",gpu=\"")
              .append(gpu.index)
              .append("\",UUID=\"")
              .append(gpu.uuid)
              .append("\",device=\"nvidia")
              .append(gpu.index)
              .append("\",modelName=\"")
              .append(node.pool.dcgmModelName())
              .append("\",Hostname=\"")
              .append(node.name)
              .append('"');
          if (gpu.holder != null) {
            labels
                .append(",namespace=\"")
                .append(gpu.holder.spec().namespace())
                .append("\",pod=\"")
                .append(gpu.holder.podName)
                .append("\",container=\"vllm\"");
          }
          sample(out, name, labels.toString(), v.of(node, gpu));
        }
      }
    }
  }

  private static void gauge(
      StringBuilder out,
      String name,
      String help,
      List<SimReplica> rs,
      java.util.function.Function<SimReplica, String> labels,
      ToDoubleFunction<SimReplica> value) {
    header(out, name, "gauge", help);
    for (SimReplica r : rs) {
      sample(out, name, labels.apply(r), value.applyAsDouble(r));
    }
  }

  private static void counter(
      StringBuilder out,
      String name,
      String help,
      List<SimReplica> rs,
      java.util.function.Function<SimReplica, String> labels,
      ToDoubleFunction<SimReplica> value) {
    header(out, name, "counter", help);
    for (SimReplica r : rs) {
      sample(out, name, labels.apply(r), value.applyAsDouble(r));
    }
  }

  private static void histogram(
      StringBuilder out,
      String name,
      String help,
      List<SimReplica> rs,
      java.util.function.Function<SimReplica, String> labelsOf,
      java.util.function.Function<SimReplica, Histogram> of) {
    header(out, name, "histogram", help);
    for (SimReplica r : rs) {
      Histogram h = of.apply(r);
      double[] bounds = h.bounds();
      long[] cumulative = h.cumulative();
      String labels = labelsOf.apply(r);
      for (int i = 0; i < bounds.length; i++) {
        String le = Double.isInfinite(bounds[i]) ? "+Inf" : format(bounds[i]);
        sample(out, name + "_bucket", labels + ",le=\"" + le + "\"", cumulative[i]);
      }
      sample(out, name + "_sum", labels, h.sum());
      sample(out, name + "_count", labels, h.count());
    }
  }

  private static String podLabels(SimReplica r) {
    return "cluster=\""
        + r.cluster
        + "\",namespace=\""
        + r.spec().namespace()
        + "\",pod=\""
        + r.podName
        + "\"";
  }

  private static String vllmLabels(SimReplica r) {
    return podLabels(r) + "," + modelLabels(r);
  }

  private static String modelLabels(SimReplica r) {
    return "model_name=\"" + r.spec().servedModel() + "\",engine=\"0\"";
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String labels, double value) {
    out.append(name).append('{').append(labels).append("} ").append(format(value)).append('\n');
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
