package dev.fleetscope.services.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {
  private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void sameSeedGivesSameFleetAndSameMetricValues() {
    FleetSimulator a = new FleetSimulator(DemoFleetSpec.standard(42), START);
    FleetSimulator b = new FleetSimulator(DemoFleetSpec.standard(42), START);
    a.advance(600);
    b.advance(600);

    assertThat(a.podNames()).isEqualTo(b.podNames());
    assertThat(a.census()).isEqualTo(b.census());
    assertThat(a.metricsText()).isEqualTo(b.metricsText());
  }

  @Test
  void differentSeedGivesDifferentFleet() {
    FleetSimulator a = new FleetSimulator(DemoFleetSpec.standard(42), START);
    FleetSimulator b = new FleetSimulator(DemoFleetSpec.standard(43), START);
    a.advance(60);
    b.advance(60);

    assertThat(a.podNames()).isNotEqualTo(b.podNames());
    assertThat(a.metricsText()).isNotEqualTo(b.metricsText());
  }

  @Test
  void standardFleetHasTwoClustersOfEightGpuNodesWithServingPodsHoldingGpus() {
    FleetSimulator sim = new FleetSimulator(DemoFleetSpec.standard(1), START);

    assertThat(sim.census()).hasSizeGreaterThanOrEqualTo(2);
    for (ClusterCensus c : sim.census()) {
      assertThat(c.gpuCapacity()).isEqualTo(c.nodes() * 8);
      assertThat(c.gpuAllocated()).isPositive().isLessThanOrEqualTo(c.gpuCapacity());
      assertThat(c.inferenceWorkloads()).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void metricsUseVllmAndDcgmNamesAndCountersOnlyGrow() {
    FleetSimulator sim = new FleetSimulator(DemoFleetSpec.standard(7), START);
    sim.advance(30);
    String early = sim.metricsText();
    sim.advance(300);
    String late = sim.metricsText();

    assertThat(late)
        .contains("vllm:num_requests_running{")
        .contains("vllm:num_requests_waiting{")
        .contains("vllm:kv_cache_usage_perc{")
        .contains("vllm:time_to_first_token_seconds_bucket{")
        .contains("vllm:inter_token_latency_seconds_bucket{")
        .contains("vllm:e2e_request_latency_seconds_count{")
        .contains("vllm:generation_tokens_total{")
        .contains("http_requests_total{")
        .contains("status=\"5xx\"")
        .contains("DCGM_FI_DEV_FB_USED{")
        .contains("modelName=\"NVIDIA H100 80GB HBM3\"");
    assertThat(sumOf(late, "vllm:generation_tokens_total{"))
        .isGreaterThan(sumOf(early, "vllm:generation_tokens_total{"));
    assertThat(sumOf(late, "http_requests_total{"))
        .isGreaterThan(sumOf(early, "http_requests_total{"));
  }

  @Test
  void trafficFollowsTheDailyCurve() {
    assertThat(DailyTraffic.factor(Instant.parse("2026-11-23T16:00:00Z"))).isEqualTo(1.0);
    assertThat(DailyTraffic.factor(Instant.parse("2026-11-23T04:00:00Z")))
        .isEqualTo(DailyTraffic.FLOOR);
    assertThat(DailyTraffic.factor(Instant.parse("2026-11-23T10:00:00Z")))
        .isBetween(DailyTraffic.FLOOR, 1.0);
  }

  @Test
  void podsRestartNowAndThen() {
    FleetSimulator sim = new FleetSimulator(DemoFleetSpec.standard(5), START);
    int before = restarts(sim);
    sim.advance(6 * 3600);
    assertThat(restarts(sim)).isGreaterThan(before);
  }

  private static int restarts(FleetSimulator sim) {
    return sim.workloadsByCluster().values().stream()
        .flatMap(l -> l.stream())
        .flatMap(w -> w.replicas.stream())
        .mapToInt(r -> r.restarts)
        .sum();
  }

  private static double sumOf(String text, String prefix) {
    return text.lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
