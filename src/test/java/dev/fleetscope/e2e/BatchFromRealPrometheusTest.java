package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscope.services.batch.Figure;
import dev.fleetscope.services.batch.ReplicaBoard;
import dev.fleetscope.services.batch.ReplicaState;
import dev.fleetscope.services.batch.Saturation;
import dev.fleetscope.services.batch.ScrapeRound;
import dev.fleetscope.services.batch.adapter.PromReplicaReader;
import dev.fleetscope.services.cluster.InferenceEngine;
import dev.fleetscope.services.metrics.adapter.LocalPrometheus;
import dev.fleetscope.services.metrics.adapter.PrometheusEndpoint;
import dev.fleetscope.services.metrics.adapter.PrometheusHttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vLLM batching metrics of two replicas backfilled into a real Prometheus: the section's reader
 * fills its history from a range query and reads now with an instant query, and the saturated
 * replica is called out from what Prometheus holds.
 */
class BatchFromRealPrometheusTest {
  private static final long END = 1_795_000_000L;
  private static final long START = END - 1800;
  @TempDir static Path dir;
  static LocalPrometheus prometheus;

  @BeforeAll
  static void backfill() throws Exception {
    CiRequirements.require(
        LocalPrometheus.installed(), "prometheus and promtool (Debian package prometheus)");
    StringBuilder om = new StringBuilder();
    String hot =
        "cluster=\"east\",engine=\"0\",model_name=\"llama-70b\",namespace=\"serving\",pod=\"llama-0\"";
    String calm =
        "cluster=\"east\",engine=\"0\",model_name=\"llama-8b\",namespace=\"serving\",pod=\"small-0\"";
    series(om, "vllm:num_requests_running", hot, t -> 256, calm, t -> 12);
    series(om, "vllm:num_requests_waiting", hot, t -> t < END - 300 ? 0 : 40, calm, t -> 0);
    series(om, "vllm:kv_cache_usage_perc", hot, t -> t < END - 600 ? 0.6 : 0.97, calm, t -> 0.3);
    // Preemptions start ten minutes before the end at 2 per second.
    series(
        om,
        "vllm:num_preemptions_total",
        hot,
        t -> Math.max(0, t - (END - 600)) * 2.0,
        calm,
        t -> 0);
    series(
        om,
        "vllm:generation_tokens_total",
        hot,
        t -> (t - START) * 5000.0,
        calm,
        t -> (t - START) * 800.0);
    om.append("# EOF\n");
    Path file = dir.resolve("vllm.om");
    Files.writeString(file, om);
    prometheus = LocalPrometheus.withHistory(dir.resolve("prom"), file);
  }

  private static void series(
      StringBuilder om,
      String name,
      String a,
      LongToDoubleFunction av,
      String b,
      LongToDoubleFunction bv) {
    om.append("# TYPE ").append(name).append(" gauge\n");
    for (long t = START; t <= END; t += 15) {
      om.append(name)
          .append('{')
          .append(a)
          .append("} ")
          .append(av.applyAsDouble(t))
          .append(' ')
          .append(t)
          .append('\n');
      om.append(name)
          .append('{')
          .append(b)
          .append("} ")
          .append(bv.applyAsDouble(t))
          .append(' ')
          .append(t)
          .append('\n');
    }
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void historyAndNowComeFromPrometheusAndTheSaturatedReplicaIsExplained() {
    PromReplicaReader reader =
        new PromReplicaReader(
            new PrometheusHttpClient(PrometheusEndpoint.fromUrl(prometheus.url())));
    Instant end = Instant.ofEpochSecond(END);
    List<ScrapeRound> past =
        reader.history(end.minus(Duration.ofMinutes(30)), end, Duration.ofSeconds(15));
    assertThat(past).hasSizeGreaterThan(100);
    ReplicaBoard board = new ReplicaBoard();
    for (ScrapeRound r : past) {
      board.accept(r.scrapes(), r.at());
    }
    ScrapeRound now = reader.read(end);
    assertThat(now.problems()).isEmpty();
    assertThat(now.scrapes()).hasSize(2);
    List<ReplicaState> states = board.states();
    assertThat(states).hasSize(2);
    ReplicaState hot = states.get(0);
    assertThat(hot.key().pod()).isEqualTo("llama-0");
    assertThat(hot.key().cluster()).isEqualTo("east");
    assertThat(hot.engine()).isEqualTo(InferenceEngine.VLLM);
    assertThat(hot.model()).isEqualTo("llama-70b");
    assertThat(hot.verdict().level()).isEqualTo(Saturation.Level.SATURATED);
    assertThat(hot.verdict().reason())
        .isEqualTo(
            "40 requests waiting while KV cache at 97% and preemptions rising (2.00/s): the batch"
                + " is memory-bound");
    assertThat(hot.figure(Figure.GENERATION_RATE)).isCloseTo(5000, within(1.0));
    // The waiting sparkline (its last ten minutes) shows the queue forming five minutes before the
    // end.
    double[] waiting = hot.recentWaiting();
    assertThat(waiting[0]).isZero();
    assertThat(waiting[waiting.length - 1]).isEqualTo(40);
    ReplicaState calm = states.get(1);
    assertThat(calm.verdict().level()).isEqualTo(Saturation.Level.OK);
    assertThat(calm.figure(Figure.KV_CACHE)).isCloseTo(30, within(0.01));
    assertThat(board.history(hot.key()).orElseThrow().size()).isGreaterThan(100);
  }
}
