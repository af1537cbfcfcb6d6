package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.batch.BatchQueue;
import dev.fleetscope.services.batch.QueueTimeline;
import dev.fleetscope.services.batch.Scheduler;
import dev.fleetscope.services.batch.adapter.PromQueueReader;
import dev.fleetscope.services.metrics.TimeSeries;
import dev.fleetscope.services.metrics.adapter.LocalPrometheus;
import dev.fleetscope.services.metrics.adapter.PrometheusEndpoint;
import dev.fleetscope.services.metrics.adapter.PrometheusHttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kueue's and Volcano's queue metrics backfilled into a real Prometheus (two clusters' Kueue series
 * told apart by a {@code cluster} label; Volcano's with none): each queue's timeline is read with
 * range queries and shows what was written, for its own cluster only.
 */
class QueuesFromRealPrometheusTest {
  private static final long END = 1_795_000_000L;
  private static final long START = END - 6 * 3600;

  /** Fine-tuning jobs pile up in the last hour on east. */
  private static final long SURGE = END - 3600;

  @TempDir static Path dir;
  static LocalPrometheus prometheus;

  @BeforeAll
  static void backfill() throws Exception {
    CiRequirements.require(
        LocalPrometheus.installed(), "prometheus and promtool (Debian package prometheus)");
    StringBuilder om = new StringBuilder();
    String east = "cluster=\"east\",cluster_queue=\"fine-tuning\"";
    String west = "cluster=\"west\",cluster_queue=\"fine-tuning\"";
    String research = "cluster=\"east\",cluster_queue=\"research\"";
    new Family(om, "kueue_pending_workloads")
        .add(east + ",status=\"active\"", t -> t < SURGE ? 1 : 6)
        .add(east + ",status=\"inadmissible\"", t -> t < SURGE ? 0 : 2)
        .add(west + ",status=\"active\"", t -> 40)
        .add(research + ",status=\"active\"", t -> 1);
    new Family(om, "kueue_reserving_active_workloads").add(east, t -> 3).add(west, t -> 50);
    new Family(om, "kueue_admitted_active_workloads")
        .add(east, t -> t < SURGE ? 3 : 2)
        .add(west, t -> 50)
        .add(research, t -> 4);
    String flavorA = east + ",cohort=\"ml\",flavor=\"h100\",resource=\"nvidia.com/gpu\"";
    String flavorB = east + ",cohort=\"ml\",flavor=\"a100\",resource=\"nvidia.com/gpu\"";
    String cpu = east + ",cohort=\"ml\",flavor=\"h100\",resource=\"cpu\"";
    new Family(om, "kueue_cluster_queue_resource_usage")
        .add(flavorA, t -> 8)
        .add(flavorB, t -> 4)
        .add(cpu, t -> 96);
    new Family(om, "kueue_cluster_queue_nominal_quota")
        .add(flavorA, t -> 8)
        .add(flavorB, t -> 8)
        .add(cpu, t -> 128);
    String training = "queue_name=\"training\"";
    new Family(om, "volcano_queue_pod_group_pending_count").add(training, t -> t < SURGE ? 0 : 1);
    new Family(om, "volcano_queue_pod_group_inqueue_count").add(training, t -> 1);
    new Family(om, "volcano_queue_pod_group_running_count").add(training, t -> 2);
    // Volcano writes scalar resources in milli-units.
    String gpu = training + ",resource=\"nvidia.com/gpu\"";
    new Family(om, "volcano_queue_allocated_scalar_resources").add(gpu, t -> 8000);
    new Family(om, "volcano_queue_deserved_scalar_resources").add(gpu, t -> 16000);
    om.append("# EOF\n");
    Path file = dir.resolve("queues.om");
    Files.writeString(file, om);
    prometheus = LocalPrometheus.withHistory(dir.resolve("prom"), file);
  }

  /** A gauge family in OpenMetrics: label sets with their values over time, one a minute. */
  private static final class Family {
    private final StringBuilder om;
    private final String name;

    Family(StringBuilder om, String name) {
      this.om = om;
      this.name = name;
      om.append("# TYPE ").append(name).append(" gauge\n");
    }

    Family add(String labels, LongToDoubleFunction v) {
      for (long t = START; t <= END; t += 60) {
        om.append(name)
            .append('{')
            .append(labels)
            .append("} ")
            .append(v.applyAsDouble(t))
            .append(' ')
            .append(t)
            .append('\n');
      }
      return this;
    }
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private static BatchQueue queue(String cluster, Scheduler s, String kind, String ns, String n) {
    return new BatchQueue(
        cluster,
        s,
        kind,
        ns,
        n,
        "",
        "Active",
        0,
        0,
        0,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        "");
  }

  private static PromQueueReader reader() {
    return new PromQueueReader(
        new PrometheusHttpClient(PrometheusEndpoint.fromUrl(prometheus.url())));
  }

  private static QueueTimeline read(BatchQueue q) {
    Instant end = Instant.ofEpochSecond(END);
    return reader().read(q, end.minus(Duration.ofHours(6)), end, Duration.ofMinutes(1));
  }

  private static double at(TimeSeries s, long epochSecond) {
    for (int i = 0; i < s.size(); i++) {
      if (s.timesMillis()[i] == epochSecond * 1000) {
        return s.values()[i];
      }
    }
    throw new AssertionError(s.name() + " has no point at " + epochSecond);
  }

  @Test
  void aKueueClusterQueueShowsItsOwnClusterSurgeAndItsGpusAgainstQuota() {
    QueueTimeline t = read(queue("east", Scheduler.KUEUE, "ClusterQueue", "", "fine-tuning"));
    assertThat(t.workloads())
        .extracting(TimeSeries::name)
        .containsExactly("pending", "inadmissible", "reserving", "admitted");
    TimeSeries pending = t.workloads().get(0);
    assertThat(pending.size()).isGreaterThan(300);
    // Both statuses add up to pending; west's 40 are not east's.
    assertThat(at(pending, SURGE - 600)).isEqualTo(1);
    assertThat(at(pending, END)).isEqualTo(8);
    assertThat(at(t.workloads().get(1), END)).isEqualTo(2);
    assertThat(at(t.workloads().get(2), END)).isEqualTo(3);
    assertThat(at(t.workloads().get(3), SURGE - 600)).isEqualTo(3);
    assertThat(at(t.workloads().get(3), END)).isEqualTo(2);
    // GPUs over both flavors; the CPU series stay out.
    assertThat(t.gpus()).extracting(TimeSeries::name).containsExactly("GPUs used", "GPU quota");
    assertThat(at(t.gpus().get(0), END)).isEqualTo(12);
    assertThat(at(t.gpus().get(1), END)).isEqualTo(16);
    assertThat(t.note()).isEmpty();
    assertThat(t.source()).isEqualTo(prometheus.url().toString().replaceAll("/$", ""));
  }

  @Test
  void theOtherClusterReadsItsOwnSeries() {
    QueueTimeline t = read(queue("west", Scheduler.KUEUE, "ClusterQueue", "", "fine-tuning"));
    assertThat(at(t.workloads().get(0), END)).isEqualTo(40);
    assertThat(at(t.workloads().get(3), END)).isEqualTo(50);
    // No usage series for west: the GPU charts are empty and the note says why.
    assertThat(t.gpus()).allMatch(s -> s.size() == 0);
    assertThat(t.note()).contains("metrics.enableClusterQueueResources");
  }

  @Test
  void aVolcanoQueueShowsPodGroupsAndGpusInWholeUnits() {
    QueueTimeline t = read(queue("east", Scheduler.VOLCANO, "Queue", "", "training"));
    assertThat(t.workloads())
        .extracting(TimeSeries::name)
        .containsExactly("pending", "inqueue", "running");
    assertThat(at(t.workloads().get(0), SURGE - 600)).isZero();
    assertThat(at(t.workloads().get(0), END)).isEqualTo(1);
    assertThat(at(t.workloads().get(2), END)).isEqualTo(2);
    assertThat(at(t.gpus().get(0), END)).isEqualTo(8);
    assertThat(at(t.gpus().get(1), END)).isEqualTo(16);
  }

  @Test
  void aQueuePrometheusKnowsNothingOfHasNoPointsAndLocalQueuesAreNotAskedFor() {
    QueueTimeline t = read(queue("east", Scheduler.KUEUE, "ClusterQueue", "", "no-such-queue"));
    assertThat(t.hasPoints()).isFalse();
    assertThat(PromQueueReader.covers(queue("east", Scheduler.KUEUE, "LocalQueue", "ml", "q")))
        .isFalse();
    assertThat(PromQueueReader.covers(queue("east", Scheduler.VOLCANO, "Queue", "", "q"))).isTrue();
  }
}
