package dev.fleetscope.services.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.cluster.InferenceEngine;
import dev.fleetscope.services.metrics.exposition.ExpositionParser;
import dev.fleetscope.services.metrics.exposition.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineMetricsTest {
  static final ReplicaKey POD = new ReplicaKey("c1", "serving", "pod-0");
  static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

  static ReplicaScrape read(String page, Instant at) throws Exception {
    EngineMetrics.Readings r = new EngineMetrics.Readings(POD, "from-target", at);
    for (MetricSample s : ExpositionParser.parse(page, "test")) {
      r.add(s.name(), s::label, s.value());
    }
    List<ReplicaScrape> scrapes = r.scrapes();
    assertThat(scrapes).hasSize(1);
    return scrapes.get(0);
  }

  @Test
  void sglangPageIsReadAsSignals() throws Exception {
    ReplicaScrape s =
        read(
            """
            sglang:num_running_reqs{model_name="meta-llama/Llama-3.1-8B-Instruct"} 48.0
            sglang:num_queue_reqs{model_name="meta-llama/Llama-3.1-8B-Instruct"} 7.0
            sglang:token_usage{model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.97
            sglang:gen_throughput{model_name="meta-llama/Llama-3.1-8B-Instruct"} 2210.5
            sglang:max_running_requests{model_name="meta-llama/Llama-3.1-8B-Instruct"} 48
            sglang:prompt_tokens_total{model_name="meta-llama/Llama-3.1-8B-Instruct"} 8.128902e+06
            sglang:cache_hit_rate{model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.0075
            """,
            T0);
    assertThat(s.engine()).isEqualTo(InferenceEngine.SGLANG);
    assertThat(s.model()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
    assertThat(s.get(Signal.RUNNING)).isEqualTo(48);
    assertThat(s.get(Signal.WAITING)).isEqualTo(7);
    assertThat(s.kvUsage()).isEqualTo(0.97);
    assertThat(s.get(Signal.PROMPT_TOKENS)).isEqualTo(8.128902e6);
    ReplicaHistory h = new ReplicaHistory(10);
    h.add(s);
    // No generation counter: the engine's own throughput gauge stands in.
    assertThat(h.now(Figure.GENERATION_RATE, Duration.ofMinutes(1))).isEqualTo(2210.5);
    Saturation.Verdict v = Saturation.judge(h, Duration.ofMinutes(1));
    assertThat(v.level()).isEqualTo(Saturation.Level.SATURATED);
    assertThat(v.reason())
        .isEqualTo("7 requests waiting while KV cache at 97%: the batch is memory-bound");
  }

  @Test
  void tgiPageSplitsPrefillAndDecodeByMethod() throws Exception {
    String page =
        """
        tgi_queue_size 3
        tgi_batch_current_size 16
        tgi_batch_current_max_tokens 12000
        tgi_request_queue_duration_sum %s
        tgi_request_queue_duration_count %s
        tgi_batch_inference_duration_sum{method="prefill"} %s
        tgi_batch_inference_duration_count{method="prefill"} %s
        tgi_batch_inference_duration_sum{method="decode"} %s
        tgi_batch_inference_duration_count{method="decode"} %s
        tgi_request_generated_tokens_sum %s
        """;
    ReplicaHistory h = new ReplicaHistory(10);
    h.add(read(String.format(page, 10, 100, 5, 50, 20, 1000, 50000), T0));
    h.add(read(String.format(page, 30, 140, 9, 60, 30, 1500, 80000), T0.plusSeconds(15)));
    assertThat(h.latest().engine()).isEqualTo(InferenceEngine.TGI);
    assertThat(h.latest().model()).isEqualTo("from-target");
    Duration w = Duration.ofMinutes(1);
    assertThat(h.now(Figure.RUNNING, w)).isEqualTo(16);
    assertThat(h.now(Figure.WAITING, w)).isEqualTo(3);
    assertThat(h.now(Figure.BATCH_TOKENS, w)).isEqualTo(12000);
    assertThat(h.now(Figure.QUEUE_TIME, w)).isEqualTo(0.5); // 20 s over 40 requests
    assertThat(h.now(Figure.PREFILL_TIME, w)).isEqualTo(0.4); // 4 s over 10
    assertThat(h.now(Figure.DECODE_TIME, w)).isEqualTo(0.02); // 10 s over 500
    assertThat(h.now(Figure.GENERATION_RATE, w)).isEqualTo(2000); // 30000 over 15 s
    assertThat(h.now(Figure.KV_CACHE, w)).isNaN();
    Saturation.Verdict v = Saturation.judge(h, w);
    assertThat(v.level()).isEqualTo(Saturation.Level.WARNING);
    assertThat(v.reason()).startsWith("3 requests waiting while KV cache use is not reported");
  }

  @Test
  void tritonKvCacheComesFromBlocksAndBatchFullIsCalledOut() throws Exception {
    String page =
        """
        nv_inference_pending_request_count{model="ensemble",version="1"} 0
        nv_inference_pending_request_count{model="tensorrt_llm",version="1"} 12
        nv_trt_llm_request_metrics{model="tensorrt_llm",request_type="active",version="1"} 64
        nv_trt_llm_request_metrics{model="tensorrt_llm",request_type="max",version="1"} 64
        nv_trt_llm_request_metrics{model="tensorrt_llm",request_type="scheduled",version="1"} 64
        nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type="used",model="tensorrt_llm",version="1"} 300
        nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type="max",model="tensorrt_llm",version="1"} 1000
        nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type="free",model="tensorrt_llm",version="1"} 700
        """;
    ReplicaScrape s = read(page, T0);
    assertThat(s.engine()).isEqualTo(InferenceEngine.TRITON);
    // The ensemble's series come first; the TensorRT-LLM series name the model that batches.
    assertThat(s.model()).isEqualTo("tensorrt_llm");
    assertThat(s.get(Signal.WAITING)).isEqualTo(12);
    assertThat(s.kvUsage()).isEqualTo(0.3);
    ReplicaHistory h = new ReplicaHistory(4);
    h.add(s);
    Saturation.Verdict v = Saturation.judge(h, Duration.ofMinutes(1));
    assertThat(v.level()).isEqualTo(Saturation.Level.SATURATED);
    assertThat(v.bound()).isEqualTo("batch size");
    assertThat(v.reason())
        .isEqualTo(
            "12 requests waiting with 64 requests running, the engine's maximum: the batch is full");
  }

  @Test
  void vllmDataParallelEnginesAddUpAndACounterResetCountsFromZero() throws Exception {
    String page =
        """
        vllm:num_requests_running{engine="0",model_name="m"} 10
        vllm:num_requests_running{engine="1",model_name="m"} 12
        vllm:num_requests_waiting{engine="0",model_name="m"} 0
        vllm:num_requests_waiting{engine="1",model_name="m"} 0
        vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.5
        vllm:kv_cache_usage_perc{engine="1",model_name="m"} 0.95
        vllm:num_preemptions_total{engine="0",model_name="m"} %d
        vllm:generation_tokens_total{engine="0",model_name="m"} %d
        """;
    ReplicaHistory h = new ReplicaHistory(3);
    h.add(read(String.format(page, 100, 10_000), T0));
    h.add(read(String.format(page, 130, 40_000), T0.plusSeconds(15)));
    Duration w = Duration.ofMinutes(1);
    assertThat(h.now(Figure.RUNNING, w)).isEqualTo(22);
    assertThat(h.now(Figure.KV_CACHE, w)).isEqualTo(95);
    assertThat(h.now(Figure.PREEMPTIONS, w)).isEqualTo(2);
    assertThat(h.now(Figure.GENERATION_RATE, w)).isEqualTo(2000);
    assertThat(Saturation.judge(h, w).reason())
        .isEqualTo("preempting 2.00/s with KV cache at 95%: requests are being recomputed");
    // The server restarted: counters start again from zero; no negative rate.
    h.add(read(String.format(page, 6, 3_000), T0.plusSeconds(30)));
    assertThat(h.now(Figure.PREEMPTIONS, w)).isEqualTo(0.4);
    assertThat(h.now(Figure.GENERATION_RATE, w)).isEqualTo(200);
    assertThat(h.series(Figure.GENERATION_RATE, "gen").values()).containsExactly(2000, 200);
    // The ring keeps the newest three.
    h.add(read(String.format(page, 6, 4_500), T0.plusSeconds(45)));
    assertThat(h.size()).isEqualTo(3);
    assertThat(h.scrapes().get(0).at()).isEqualTo(T0.plusSeconds(15));
  }

  @Test
  void prometheusSamplesGoToThePodTheirLabelsName() {
    EngineMetrics.Readings r = new EngineMetrics.Readings(null, "", T0);
    r.add(
        "vllm:num_requests_running",
        k ->
            switch (k) {
              case "cluster" -> "c2";
              case "namespace" -> "ns";
              case "pod" -> "p-1";
              default -> "";
            },
        3);
    r.add("vllm:num_requests_running", k -> "", 9); // no pod label and no target: dropped
    r.add("unrelated_metric", k -> "p", 1);
    assertThat(r.scrapes())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.key()).isEqualTo(new ReplicaKey("c2", "ns", "p-1"));
              assertThat(s.get(Signal.RUNNING)).isEqualTo(3);
            });
  }
}
