package dev.fleetscope.services.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.metrics.TimeSeries;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueHistoryTest {
  private static BatchQueue kueue(String name, int pending, double used) {
    return new BatchQueue(
        "east",
        Scheduler.KUEUE,
        "ClusterQueue",
        "",
        name,
        "pool",
        "Active",
        pending,
        1,
        1,
        used,
        used,
        16,
        Double.NaN,
        0,
        "h100");
  }

  private static QueueScan scan(BatchQueue... queues) {
    return new QueueScan("east", "v1beta2", false, List.of(queues), List.of(), List.of());
  }

  @Test
  void eachRoundIsAPointAndAQueueMissingFromARoundIsAGap() {
    QueueHistory h = new QueueHistory(10);
    Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
    h.record(t0, List.of(scan(kueue("a", 3, 4), kueue("b", 0, 0))));
    h.record(t0.plusSeconds(15), List.of(scan(kueue("b", 1, 2))));
    h.record(t0.plusSeconds(30), List.of(scan(kueue("a", 5, 8))));
    // Not newer than the latest round: ignored.
    h.record(t0.plusSeconds(30), List.of(scan(kueue("a", 99, 99))));

    QueueTimeline a = h.timeline(kueue("a", 0, 0), "reads");
    assertThat(a.queue()).isEqualTo("east/ClusterQueue//a");
    TimeSeries pending = a.workloads().get(0);
    assertThat(pending.name()).isEqualTo("pending");
    assertThat(pending.timesMillis())
        .containsExactly(
            t0.toEpochMilli(),
            t0.plusSeconds(15).toEpochMilli(),
            t0.plusSeconds(30).toEpochMilli());
    assertThat(pending.values()).containsExactly(3, Double.NaN, 5);
    assertThat(a.gpus().get(0).values()).containsExactly(4, Double.NaN, 8);
    assertThat(a.gpus().get(1).values()).containsExactly(16, Double.NaN, 16);
    assertThat(a.source()).isEqualTo("reads");
    assertThat(a.note()).contains("Prometheus that scrapes Kueue");
  }

  @Test
  void keepsOnlyTheLatestRoundsAndNamesVolcanoCountsAsVolcanoDoes() {
    QueueHistory h = new QueueHistory(3);
    Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
    BatchQueue v =
        new BatchQueue(
            "east",
            Scheduler.VOLCANO,
            "Queue",
            "",
            "training",
            "",
            "Open",
            2,
            1,
            3,
            8,
            8,
            16,
            Double.NaN,
            0,
            "");
    for (int i = 0; i < 5; i++) {
      h.record(t0.plusSeconds(15L * i), List.of(scan(v)));
    }
    assertThat(h.rounds()).isEqualTo(3);
    QueueTimeline t = h.timeline(v, "reads");
    assertThat(t.workloads())
        .extracting(TimeSeries::name)
        .containsExactly("pending", "inqueue", "running");
    assertThat(t.workloads().get(0).timesMillis()[0]).isEqualTo(t0.plusSeconds(30).toEpochMilli());
    assertThat(t.note()).contains("Volcano scheduler");
    assertThat(new QueueHistory(3).timeline(v, "reads").hasPoints()).isFalse();
  }
}
