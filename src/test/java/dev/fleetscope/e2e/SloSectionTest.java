package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.await;
import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscope.services.metrics.OpenMetricsHistory;
import dev.fleetscope.services.metrics.OpenMetricsHistory.Rate;
import dev.fleetscope.services.metrics.adapter.LocalPrometheus;
import dev.fleetscope.views.slo.SloView;
import dev.fleetscope.views.slo.SloViewModel;
import dev.fleetscope.views.widgets.TimeChart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import javafx.scene.control.ComboBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** The SLO section in the real console: on the demo fleet, and on a real Prometheus that fails. */
class SloSectionTest {
  @TempDir Path home;
  SectionWindow window;
  final FxRobot robot = new FxRobot();

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void close() throws Exception {
    if (window != null) {
      window.close();
    }
  }

  private SloView open(String... args) throws Exception {
    window = SectionWindow.openConnected(home, "slo", args);
    return onFx(() -> (SloView) window.view());
  }

  @Test
  void theDemoOpensOnThePagingTtftSloWithItsRulesTrendsAndSplit() throws Exception {
    SloView view = open("--demo-seed", "5");
    await(() -> onFx(() -> view.list().tableView().getItems().size()) == 10);
    assertThat(window.label("#slo-status")).startsWith("10 SLOs from 2 sources, 1 paging");
    await(() -> window.label("#slo-detail-title").startsWith("llama-3-1-70b-chat-ttft"));
    assertThat(window.label("#slo-detail-title")).endsWith("page");
    assertThat(window.label("#slo-detail-facts"))
        .contains("Objective 99% over 28d")
        .contains("Pyrra, demo-us-east llm-serving/llama-3-1-70b-chat-ttft");
    assertThat(window.label("#slo-windows")).startsWith("Burn rate over  5m ");
    // The fast page rule (14.4x over 1h and 5m) fires; the list sorts by budget left.
    assertThat(onFx(() -> ttft(view).result().status().rules().get(0).firing())).isTrue();

    // Trends: budget, traffic, and latency percentiles from the TTFT histogram.
    TimeChart budget = view.charts().get(0);
    TimeChart traffic = view.charts().get(1);
    TimeChart latency = view.charts().get(2);
    await(() -> onFx(() -> latency.series().size()) == 3);
    assertThat(onFx(() -> traffic.series().get(0).size())).isGreaterThan(100);
    double p99 = onFx(() -> latency.series().get(2).last());
    assertThat(p99).as("p99 TTFT during the surge, s").isGreaterThan(1.0);
    String readout = onFx(() -> traffic.readout(traffic.getWidth() - 20));
    assertThat(readout).contains("UTC").contains("requests ").contains("slower than threshold ");
    assertThat(onFx(budget::toCsv)).startsWith("time,budget left (%)\n");

    // A shorter range reloads the charts.
    onFx(
        () -> {
          robot
              .lookup("#slo-range")
              .<ComboBox<SloViewModel.Range>>query()
              .setValue(SloViewModel.Range.HOUR);
          return null;
        });
    await(() -> onFx(() -> traffic.series().get(0).size()) == 60);

    // Split by the pod template hash: the demo deployment runs one version.
    onFx(
        () -> {
          robot.lookup("#slo-split-by").<ComboBox<String>>query().setValue("pod_template_hash");
          return null;
        });
    await(() -> onFx(() -> view.splitTable().visibleRows().size()) == 1);
    assertThat(onFx(() -> view.splitTable().visibleRows().get(0).group()))
        .containsKey("pod_template_hash");

    // The list filters by label text.
    onFx(
        () -> {
          view.list().searchField().setText("sli=ttft");
          return null;
        });
    await(() -> onFx(() -> view.list().visibleRows().size()) == 5);

    // Pyrra's policy instead of the Workbook's: the rules are judged again with its factors.
    onFx(
        () -> {
          robot
              .lookup("#slo-policy")
              .<ComboBox<dev.fleetscope.services.slo.SloEvaluator.Policy>>query()
              .setValue(dev.fleetscope.services.slo.SloEvaluator.Policy.PYRRA);
          return null;
        });
    await(() -> onFx(() -> ttft(view).result().status().rules().get(0).rule().factor() == 14.0));
    assertThat(onFx(() -> ttft(view).result().status().rules().get(0).firing())).isTrue();
  }

  @Test
  void aFileSloOnARealPrometheusGoesStaleWhenItStopsAndRecovers() throws Exception {
    CiRequirements.require(
        LocalPrometheus.installed(), "prometheus and promtool (Debian package prometheus)");
    long end = Instant.now().getEpochSecond() / 60 * 60 - 3600;
    Path om = chatHistory(end);
    Path slo = chatSlo();
    try (LocalPrometheus prometheus = LocalPrometheus.withHistory(home.resolve("prom"), om)) {
      SloView view =
          open(
              "--prometheus",
              prometheus.url().toString(),
              "--slo-file",
              slo.toString(),
              "--at",
              Instant.ofEpochSecond(end).toString(),
              "--kubeconfig",
              home.resolve("none.yaml").toString());
      await(() -> onFx(() -> view.list().tableView().getItems().size()) == 1);
      assertThat(window.label("#slo-status")).contains("(fixed by --at, for review)");
      // 0.2% errors against a 0.5% budget: 40% of it spent, 60% left.
      double budget =
          onFx(() -> view.list().visibleRows().get(0).result().status().budgetRemaining());
      assertThat(budget).isCloseTo(0.6, within(1e-6));
      assertThat(window.label("#slo-stale")).isEmpty();

      prometheus.stop();
      onFx(
          () -> {
            window.services().slo().refreshNow();
            return null;
          });
      await(() -> window.label("#slo-stale").contains("stale since"));
      assertThat(window.label("#slo-stale"))
          .contains("cannot connect to")
          .contains("(showing the last good values)");
      assertThat(onFx(() -> view.list().visibleRows().get(0).stale())).isTrue();
      assertThat(onFx(() -> view.list().visibleRows().get(0).result().status().budgetRemaining()))
          .isEqualTo(budget);

      prometheus.start();
      onFx(
          () -> {
            window.services().slo().refreshNow();
            return null;
          });
      await(() -> window.label("#slo-stale").isEmpty());
      assertThat(onFx(() -> view.list().visibleRows().get(0).stale())).isFalse();
    }
  }

  /** The demo's paging TTFT SLO as the list shows it now. */
  private static SloViewModel.SloRow ttft(SloView view) {
    return view.list().visibleRows().stream()
        .filter(r -> r.result().spec().name().equals("llama-3-1-70b-chat-ttft"))
        .findFirst()
        .orElseThrow();
  }

  /** Two days of a chat service's requests: 10/s, 0.2% failing (40% of a 0.5% budget). */
  private Path chatHistory(long end) throws Exception {
    long start = end - 2 * 86_400;
    OpenMetricsHistory h = new OpenMetricsHistory(start, end, 60);
    h.counter("req_total", Map.of("job", "chat", "code", "500"), Rate.of(start, 0.02));
    h.counter("req_total", Map.of("job", "chat", "code", "200"), Rate.of(start, 9.98));
    Path om = home.resolve("h.om");
    h.write(om);
    return om;
  }

  /** A Pyrra SLO over that service: 99.5% over a day. */
  private Path chatSlo() throws Exception {
    Path slo = home.resolve("chat.yaml");
    Files.writeString(
        slo,
        """
        apiVersion: pyrra.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata:
          name: chat-availability
          namespace: serving
        spec:
          target: "99.5"
          window: 1d
          indicator:
            ratio:
              errors:
                metric: req_total{job="chat",code="500"}
              total:
                metric: req_total{job="chat"}
        """);
    return slo;
  }

  @Test
  void withoutAPrometheusUrlTheClusterOwnIsFoundAndReadThroughItsApiServer() throws Exception {
    CiRequirements.require(
        LocalPrometheus.installed(), "prometheus and promtool (Debian package prometheus)");
    long end = Instant.now().getEpochSecond() / 60 * 60 - 3600;
    Path om = chatHistory(end);
    Path slo = chatSlo();
    try (LocalPrometheus prometheus = LocalPrometheus.withHistory(home.resolve("prom"), om);
        ServiceProxyApiServer api = new ServiceProxyApiServer()) {
      api.service(
          "monitoring", "prometheus-k8s", 9090, "web", java.util.Optional.of(prometheus.url()));
      Path kubeconfig = api.kubeconfig(home.resolve("kubeconfig.yaml"), "prod", "oncall-t0k3n");
      SloView view =
          open(
              "--kubeconfig",
              kubeconfig.toString(),
              "--slo-file",
              slo.toString(),
              "--at",
              Instant.ofEpochSecond(end).toString());
      await(() -> onFx(() -> view.list().tableView().getItems().size()) == 1);
      SloViewModel.SloRow row = onFx(() -> view.list().visibleRows().get(0));
      assertThat(row.result().status().budgetRemaining()).isCloseTo(0.6, within(1e-6));
      assertThat(row.source())
          .isEqualTo(
              "monitoring/prometheus-k8s:9090 (kube-prometheus) through the API server of prod");
      assertThat(api.proxyAuthorizations).isNotEmpty().allMatch("Bearer oncall-t0k3n"::equals);
      // The status bar checks the same Prometheus through the same path.
      await(() -> window.label("#status-metrics").contains("Prometheus"));
      assertThat(window.label("#status-metrics")).contains("monitoring/prometheus-k8s:9090");
    }
  }
}
