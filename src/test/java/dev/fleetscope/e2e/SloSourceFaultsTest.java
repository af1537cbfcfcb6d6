package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.metrics.OpenMetricsHistory;
import dev.fleetscope.services.metrics.OpenMetricsHistory.Rate;
import dev.fleetscope.services.metrics.adapter.LocalPrometheus;
import dev.fleetscope.services.metrics.adapter.PrometheusEndpoint;
import dev.fleetscope.services.metrics.adapter.PrometheusHttpClient;
import dev.fleetscope.services.slo.Indicator;
import dev.fleetscope.services.slo.Selector;
import dev.fleetscope.services.slo.SloBoard;
import dev.fleetscope.services.slo.SloEvaluator;
import dev.fleetscope.services.slo.SloMonitor;
import dev.fleetscope.services.slo.SloSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus stopped and started again under a running SLO monitor: the board keeps its last
 * good values, says since when and why they are stale, and recovers by itself.
 */
class SloSourceFaultsTest {
  @TempDir Path dir;

  @Test
  void prometheusDownOrFrozenMarksTheBoardStaleKeepsValuesAndRecovers() throws Exception {
    CiRequirements.require(
        LocalPrometheus.installed(), "prometheus and promtool (Debian package prometheus)");
    long end = Instant.now().getEpochSecond() / 60 * 60;
    long start = end - 2 * 86_400;
    OpenMetricsHistory h = new OpenMetricsHistory(start, end, 60);
    h.counter("req_total", Map.of("code", "500"), Rate.of(start, 0.01));
    h.counter("req_total", Map.of("code", "200"), Rate.of(start, 9.99));
    Path om = dir.resolve("h.om");
    h.write(om);
    SloSpec spec =
        new SloSpec(
            "",
            "",
            "availability",
            "Fleetscope",
            "test",
            "",
            0.99,
            Duration.ofDays(1),
            new Indicator.Ratio(
                Selector.parse("req_total{code=\"500\"}"), Selector.parse("req_total"), List.of()),
            Map.of());
    ScheduledExecutorService io = Executors.newScheduledThreadPool(4);
    try (LocalPrometheus prometheus = LocalPrometheus.withHistory(dir.resolve("prom"), om)) {
      var client =
          new PrometheusHttpClient(
              PrometheusEndpoint.of(prometheus.url())
                  .withTimeout(Duration.ofSeconds(2))
                  .withMaxAttempts(1));
      var evaluator = new SloEvaluator(client, SloEvaluator.Policy.WORKBOOK, 0, io);
      try (SloMonitor monitor =
          new SloMonitor(
              () -> new SloMonitor.Specs(List.of(spec), List.of()),
              evaluator::evaluate,
              DataOrigin.PROMETHEUS,
              client.describe(),
              () -> Instant.ofEpochSecond(end),
              Clock.systemUTC(),
              io,
              Duration.ofMillis(300))) {
        SloBoard fresh = await(monitor, b -> b.snapshot().isPresent() && !b.stale());
        double budget = fresh.results().get(0).status().budgetRemaining();
        assertThat(budget).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-6));

        prometheus.stop();
        SloBoard stale = await(monitor, SloBoard::stale);
        assertThat(stale.staleCause()).contains("cannot connect to " + client.describe());
        assertThat(stale.results()).hasSize(1);
        assertThat(stale.results().get(0).status().budgetRemaining()).isEqualTo(budget);
        Instant since = stale.staleSince().orElseThrow();
        // Later failed refreshes keep the first failure's time.
        Thread.sleep(700);
        assertThat(monitor.current().staleSince()).contains(since);

        prometheus.start();
        SloBoard recovered = await(monitor, b -> !b.stale());
        assertThat(recovered.staleCause()).isEmpty();

        // Frozen (SIGSTOP): connections are accepted but never answered, so the client times out.
        prometheus.pause();
        try {
          SloBoard slow = await(monitor, SloBoard::stale);
          assertThat(slow.staleCause()).contains("did not answer within 2.0 s");
        } finally {
          prometheus.resume();
        }
        recovered = await(monitor, b -> !b.stale());
        assertThat(recovered.results().get(0).status().budgetRemaining())
            .isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-6));
      }
    } finally {
      io.shutdownNow();
    }
  }

  private static SloBoard await(SloMonitor monitor, Predicate<SloBoard> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      SloBoard b = monitor.current();
      if (condition.test(b)) {
        return b;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition not met in 30 s; board: " + monitor.current());
  }
}
