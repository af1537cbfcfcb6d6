package dev.fleetscope.services.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscope.services.slo.AlertState;
import dev.fleetscope.services.slo.SloEvaluator;
import dev.fleetscope.services.slo.SloHistory;
import dev.fleetscope.services.slo.SloResult;
import dev.fleetscope.services.slo.SloSnapshot;
import dev.fleetscope.services.slo.SloSpec;
import dev.fleetscope.services.slo.SloTrends;
import dev.fleetscope.services.slo.adapter.ClusterSloReader;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's SLOs go the way a real cluster's do: Pyrra and Sloth objects read through the
 * Kubernetes API, judged by the SLO engine against the cluster's counters.
 */
class DemoSlosTest {
  static final Instant START = Instant.parse("2026-11-23T15:00:00Z");
  @TempDir static Path dir;
  static ScheduledExecutorService ticker;
  static DemoFleet fleet;

  @BeforeAll
  static void start() {
    ticker = Executors.newSingleThreadScheduledExecutor();
    fleet =
        DemoFleet.start(
            DemoFleetSpec.standard(7), START, dir, ticker, Executors.newFixedThreadPool(1));
    // Ten simulated minutes of live traffic, so the short windows read the simulator's own counts.
    fleet.simulator().advance(600);
  }

  @AfterAll
  static void stop() {
    fleet.close();
    ticker.shutdownNow();
  }

  static ClusterSloReader.Found read(String cluster) throws Exception {
    String kubeconfig = Files.readString(fleet.kubeconfig());
    Config config = Config.fromKubeconfig(cluster, kubeconfig, fleet.kubeconfig().toString());
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      return ClusterSloReader.read(cluster, client);
    }
  }

  static SloSnapshot judge(String cluster) throws Exception {
    ClusterSloReader.Found found = read(cluster);
    assertThat(found.problems()).isEmpty();
    return SloEvaluator.overStore(fleet.sloSeries(cluster), SloEvaluator.Policy.WORKBOOK, 100)
        .evaluate(found.specs(), fleet.simulator().now());
  }

  @Test
  void eachClusterHoldsPyrraAndSlothObjects() throws Exception {
    ClusterSloReader.Found east = read("demo-us-east");
    assertThat(east.specs())
        .extracting(s -> s.source() + " " + s.namespace() + "/" + s.name())
        .containsExactlyInAnyOrder(
            "Pyrra llm-serving/llama-3-1-70b-chat-availability",
            "Pyrra llm-serving/llama-3-1-70b-chat-ttft",
            "Sloth llm-serving/qwen2-5-coder-32b-availability",
            "Pyrra llm-embeddings/bge-m3-embed-ttft");
    assertThat(east.specs()).allMatch(s -> s.cluster().equals("demo-us-east"));
  }

  @Test
  void theKvCacheIncidentPagesOnTtftWhileTheRestIsHealthy() throws Exception {
    SloSnapshot east = judge("demo-us-east");
    assertThat(east.warnings()).isEmpty();
    Map<String, SloResult> byName =
        east.results().stream().collect(Collectors.toMap(SloResult::title, r -> r));
    SloResult ttft = byName.get("llama-3-1-70b-chat-ttft");
    assertThat(ttft.status().state()).isEqualTo(AlertState.PAGE);
    // The surge began 45 minutes before the start, and the budget has spent part of itself.
    assertThat(ttft.status().budgetRemaining()).isBetween(0.0, 0.95);
    assertThat(ttft.status().timeToExhaustion()).isPresent();
    assertThat(byName.get("llama-3-1-70b-chat-availability").status().state())
        .isEqualTo(AlertState.OK);
    SloResult sloth = byName.get("qwen2-5-coder-32b-availability");
    assertThat(sloth.status().state()).isEqualTo(AlertState.OK);
    assertThat(sloth.status().budgetRemaining()).isBetween(0.3, 1.0);
    assertThat(byName.get("bge-m3-embed-ttft").status().state()).isEqualTo(AlertState.OK);
    // The board sorts the burning SLO first.
    assertThat(east.sortedByBudget().get(0).title()).isEqualTo("llama-3-1-70b-chat-ttft");
  }

  @Test
  void liveCountsFromTheSimulatorAgreeWithTheModelledHistory() throws Exception {
    SloResult ttft =
        judge("demo-us-east").results().stream()
            .filter(r -> r.spec().name().equals("llama-3-1-70b-chat-ttft"))
            .findFirst()
            .orElseThrow();
    // The last 5 minutes are the simulator's sampled requests; the hour before includes 50
    // minutes of the integrated model. Both are inside the surge, so the burn must agree.
    double live = ttft.status().burnRate(Duration.ofMinutes(5));
    double modelled = ttft.status().burnRate(Duration.ofHours(1));
    assertThat(live).isGreaterThan(14.4);
    assertThat(live).isCloseTo(modelled, within(0.15 * modelled));
  }

  @Test
  void aSlothEventsSloSplitsByALabelWrittenIntoItsQueries() throws Exception {
    ClusterSloReader.Found east = read("demo-us-east");
    SloSpec sloth =
        east.specs().stream()
            .filter(s -> s.name().equals("qwen2-5-coder-32b-availability"))
            .findFirst()
            .orElseThrow();
    SloSpec byHandler =
        sloth.withIndicator(sloth.indicator().withGrouping(java.util.List.of("handler")));
    var eval =
        SloEvaluator.overStore(fleet.sloSeries("demo-us-east"), SloEvaluator.Policy.WORKBOOK, 100);
    var now = fleet.simulator().now();
    SloResult whole = eval.evaluate(java.util.List.of(sloth), now).results().get(0);
    SloSnapshot split = eval.evaluate(java.util.List.of(byHandler), now);
    assertThat(split.warnings()).isEmpty();
    assertThat(split.results()).hasSize(1);
    SloResult chat = split.results().get(0);
    assertThat(chat.group()).containsEntry("handler", "/v1/chat/completions");
    // One handler carries all of it: the split's burn is the whole SLO's.
    assertThat(chat.status().burnRate(Duration.ofHours(1)))
        .isCloseTo(whole.status().burnRate(Duration.ofHours(1)), within(1e-9));
  }

  @Test
  void aGroupedSloSplitsByModelAndLeSpellingsMatch() throws Exception {
    SloSnapshot west = judge("demo-eu-west");
    assertThat(west.warnings()).isEmpty();
    assertThat(
            west.results().stream()
                .filter(r -> r.spec().name().equals("chat-ttft"))
                .map(r -> r.group().get("model_name")))
        .containsExactlyInAnyOrder(
            "meta-llama/Llama-3.1-70B-Instruct",
            "Qwen/Qwen2.5-Coder-32B-Instruct",
            "meta-llama/Llama-3.1-405B-Instruct-FP8");
    // The spec says le="1.0", the series say le="1": every group still has good events.
    assertThat(west.results()).allMatch(r -> r.status().state() != AlertState.NO_DATA);
  }

  @Test
  void trendsShowTheSurgeInRequestsLatencyAndBudget() throws Exception {
    SloResult ttft =
        judge("demo-us-east").results().stream()
            .filter(r -> r.spec().name().equals("llama-3-1-70b-chat-ttft"))
            .findFirst()
            .orElseThrow();
    SloHistory history = new SloHistory(SloHistory.store(fleet.sloSeries("demo-us-east")));
    Instant now = fleet.simulator().now();
    SloTrends t = history.trends(ttft, now.minus(Duration.ofHours(3)), now, 180);
    assertThat(t.requests().size()).isEqualTo(180);
    double before = t.requests().values()[60]; // 2 h ago, before the surge
    double during = t.requests().values()[175];
    assertThat(during / before).isBetween(3.0, 5.0);
    assertThat(t.latency()).extracting(s -> s.name()).containsExactly("p50", "p90", "p99");
    assertThat(t.latency().get(2).values()[175]).isGreaterThan(1.0);
    assertThat(t.latency().get(0).values()[60]).isBetween(0.25, 0.5);
    // Budget falls during the surge, and the last point equals the engine's own figure.
    double[] budget = t.budgetRemaining().values();
    assertThat(budget[budget.length - 1]).isLessThan(budget[0]);
    assertThat(budget[budget.length - 1]).isCloseTo(ttft.status().budgetRemaining(), within(0.02));
  }
}
