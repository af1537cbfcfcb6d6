package dev.fleetscope.services.batch;

import dev.fleetscope.services.cluster.InferenceEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The batching metrics of the inference servers Fleetscope knows (vLLM, SGLang, TGI, Triton with
 * the TensorRT-LLM backend), mapped to {@link Signal}s. A replica's engine is the one whose metric
 * names it exposes. Samples of one replica with several series for a signal (vLLM's data-parallel
 * {@code engine} label, TGI's {@code method}) are summed, except KV-cache use, which takes the
 * fullest.
 */
public final class EngineMetrics {
  private EngineMetrics() {}

  /** One metric (and label value, where the metric holds several signals) read as a signal. */
  private record Mapping(
      InferenceEngine engine, Signal signal, String label, String labelValue, double scale) {
    boolean matches(UnaryOperator<String> labels) {
      return label.isEmpty() || labelValue.equals(labels.apply(label));
    }
  }

  private static final Map<String, List<Mapping>> BY_NAME = new HashMap<>();

  static {
    InferenceEngine v = InferenceEngine.VLLM;
    map("vllm:num_requests_running", v, Signal.RUNNING);
    map("vllm:num_requests_waiting", v, Signal.WAITING);
    map("vllm:kv_cache_usage_perc", v, Signal.KV_USAGE);
    map("vllm:gpu_cache_usage_perc", v, Signal.KV_USAGE);
    map("vllm:num_preemptions_total", v, Signal.PREEMPTIONS);
    map("vllm:num_preemptions", v, Signal.PREEMPTIONS);
    histogram("vllm:iteration_tokens_total", v, Signal.ITERATION_TOKENS_SUM, "", "", 1);
    histogram("vllm:request_queue_time_seconds", v, Signal.QUEUE_SECONDS_SUM, "", "", 1);
    histogram("vllm:request_prefill_time_seconds", v, Signal.PREFILL_SECONDS_SUM, "", "", 1);
    histogram("vllm:request_decode_time_seconds", v, Signal.DECODE_SECONDS_SUM, "", "", 1);
    map("vllm:prompt_tokens_total", v, Signal.PROMPT_TOKENS);
    map("vllm:generation_tokens_total", v, Signal.GENERATION_TOKENS);

    InferenceEngine s = InferenceEngine.SGLANG;
    map("sglang:num_running_reqs", s, Signal.RUNNING);
    map("sglang:num_queue_reqs", s, Signal.WAITING);
    map("sglang:token_usage", s, Signal.KV_USAGE);
    map("sglang:max_running_requests", s, Signal.MAX_RUNNING);
    map("sglang:gen_throughput", s, Signal.GEN_THROUGHPUT);
    map("sglang:prompt_tokens_total", s, Signal.PROMPT_TOKENS);
    map("sglang:generation_tokens_total", s, Signal.GENERATION_TOKENS);
    histogram("sglang:queue_time_seconds", s, Signal.QUEUE_SECONDS_SUM, "", "", 1);

    InferenceEngine t = InferenceEngine.TGI;
    map("tgi_queue_size", t, Signal.WAITING);
    map("tgi_batch_current_size", t, Signal.RUNNING);
    map("tgi_batch_current_max_tokens", t, Signal.BATCH_TOKENS);
    histogram("tgi_request_queue_duration", t, Signal.QUEUE_SECONDS_SUM, "", "", 1);
    histogram(
        "tgi_batch_inference_duration", t, Signal.PREFILL_SECONDS_SUM, "method", "prefill", 1);
    histogram("tgi_batch_inference_duration", t, Signal.DECODE_SECONDS_SUM, "method", "decode", 1);
    BY_NAME
        .computeIfAbsent("tgi_request_input_length_sum", k -> new ArrayList<>())
        .add(new Mapping(t, Signal.PROMPT_TOKENS, "", "", 1));
    BY_NAME
        .computeIfAbsent("tgi_request_generated_tokens_sum", k -> new ArrayList<>())
        .add(new Mapping(t, Signal.GENERATION_TOKENS, "", "", 1));

    InferenceEngine n = InferenceEngine.TRITON;
    map("nv_inference_pending_request_count", n, Signal.WAITING);
    labelled("nv_trt_llm_request_metrics", n, Signal.RUNNING, "request_type", "active");
    labelled("nv_trt_llm_request_metrics", n, Signal.MAX_RUNNING, "request_type", "max");
    labelled(
        "nv_trt_llm_kv_cache_block_metrics",
        n,
        Signal.KV_BLOCKS_USED,
        "kv_cache_block_type",
        "used");
    labelled(
        "nv_trt_llm_kv_cache_block_metrics", n, Signal.KV_BLOCKS_MAX, "kv_cache_block_type", "max");
    labelled(
        "nv_trt_llm_kv_cache_block_metrics", n, Signal.KV_USAGE, "kv_cache_block_type", "fraction");
    BY_NAME
        .computeIfAbsent("nv_inference_queue_duration_us", k -> new ArrayList<>())
        .add(new Mapping(n, Signal.QUEUE_SECONDS_SUM, "", "", 1e-6));
    map("nv_inference_request_success", n, Signal.QUEUE_COUNT);
  }

  private static void map(String name, InferenceEngine e, Signal s) {
    labelled(name, e, s, "", "");
  }

  private static void labelled(
      String name, InferenceEngine e, Signal s, String label, String value) {
    BY_NAME.computeIfAbsent(name, k -> new ArrayList<>()).add(new Mapping(e, s, label, value, 1));
  }

  /**
   * A histogram's {@code _sum} and {@code _count}: the signal named is the sum, the next the count.
   */
  private static void histogram(
      String name, InferenceEngine e, Signal sum, String label, String value, double scale) {
    Signal count = Signal.values()[sum.ordinal() + 1];
    BY_NAME
        .computeIfAbsent(name + "_sum", k -> new ArrayList<>())
        .add(new Mapping(e, sum, label, value, scale));
    BY_NAME
        .computeIfAbsent(name + "_count", k -> new ArrayList<>())
        .add(new Mapping(e, count, label, value, 1));
  }

  /** Every metric name this reads, for a Prometheus query ({@code __name__=~"a|b|..."}). */
  public static Set<String> names() {
    return new TreeSet<>(BY_NAME.keySet());
  }

  /** Whether a metric name is one this reads (cheap filter for a scrape's samples). */
  public static boolean known(String name) {
    return BY_NAME.containsKey(name);
  }

  /**
   * Collects samples into one scrape per replica. A sample's replica is its {@code cluster}, {@code
   * namespace} and {@code pod} labels where it has them (Prometheus, federated pages), otherwise
   * the target the page came from (a pod's own /metrics).
   */
  public static final class Readings {
    private final ReplicaKey target;
    private final String targetModel;
    private final Instant at;
    private final Map<ReplicaKey, Acc> byReplica = new LinkedHashMap<>();

    private static final class Acc {
      final double[] values = new double[Signal.COUNT];
      InferenceEngine engine;
      String model = "";
      boolean modelFromEngine;

      Acc() {
        Arrays.fill(values, Double.NaN);
      }
    }

    /**
     * @param target the replica a page without pod labels belongs to (null: such samples are
     *     dropped)
     * @param targetModel the model to show when the engine's metrics do not name it
     */
    public Readings(ReplicaKey target, String targetModel, Instant at) {
      this.target = target;
      this.targetModel = targetModel;
      this.at = at;
    }

    /** Adds a sample; {@code labels} maps a label name to its value, or "" when absent. */
    public void add(String name, UnaryOperator<String> labels, double value) {
      List<Mapping> mappings = BY_NAME.get(name);
      if (mappings == null) {
        return;
      }
      for (Mapping m : mappings) {
        if (!m.matches(labels)) {
          continue;
        }
        ReplicaKey key = keyOf(labels);
        if (key == null) {
          return;
        }
        Acc acc = byReplica.computeIfAbsent(key, k -> new Acc());
        if (acc.engine == null) {
          acc.engine = m.engine;
        }
        if (!acc.modelFromEngine) {
          // Triton serves an ensemble around the LLM: the model its TensorRT-LLM series name is
          // the one to show, not the first of ensemble, preprocessing and postprocessing seen.
          String model = labels.apply("model_name");
          model = model.isEmpty() ? labels.apply("model") : model;
          boolean engineSeries = name.startsWith("nv_trt_llm_");
          if (!model.isEmpty() && (acc.model.isEmpty() || engineSeries)) {
            acc.model = model;
            acc.modelFromEngine = engineSeries;
          }
        }
        int i = m.signal.ordinal();
        double v = value * m.scale;
        double old = acc.values[i];
        if (Double.isNaN(old)) {
          acc.values[i] = v;
        } else if (m.signal == Signal.KV_USAGE) {
          acc.values[i] = Math.max(old, v);
        } else {
          acc.values[i] = old + v;
        }
      }
    }

    private ReplicaKey keyOf(UnaryOperator<String> labels) {
      String pod = labels.apply("pod");
      if (pod.isEmpty()) {
        return target;
      }
      String cluster = labels.apply("cluster");
      return new ReplicaKey(
          cluster.isEmpty() && target != null ? target.cluster() : cluster,
          labels.apply("namespace"),
          pod);
    }

    /** One scrape per replica seen, in the order first seen. */
    public List<ReplicaScrape> scrapes() {
      List<ReplicaScrape> out = new ArrayList<>(byReplica.size());
      byReplica.forEach(
          (key, acc) ->
              out.add(
                  new ReplicaScrape(
                      key,
                      acc.engine,
                      acc.model.isEmpty() ? targetModel : acc.model,
                      at,
                      acc.values)));
      return out;
    }
  }
}
