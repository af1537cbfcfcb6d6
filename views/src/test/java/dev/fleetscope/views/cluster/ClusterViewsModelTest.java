package dev.fleetscope.views.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.cluster.ClusterState;
import dev.fleetscope.services.cluster.ClusterStatus;
import dev.fleetscope.services.cluster.ConnectionState;
import dev.fleetscope.services.cluster.FleetState;
import dev.fleetscope.services.cluster.ResourceKind;
import dev.fleetscope.services.cluster.WatchState;
import dev.fleetscope.services.common.DataOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterViewsModelTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void aChattyLogStaysWithinItsCapacityAndCountsWhatItDropped() {
    LogBuffer log = new LogBuffer(100);
    for (int i = 0; i < 150; i++) {
      log.offer("line " + i);
    }
    assertThat(log.drain()).isTrue();
    assertThat(log.lines()).hasSize(100).startsWith("line 50").endsWith("line 149");
    assertThat(log.dropped()).isEqualTo(50);
    // Far more than can be shown arrives between two pulses: the queue itself is capped.
    for (int i = 0; i < 10_000; i++) {
      log.offer("burst " + i);
    }
    log.drain();
    assertThat(log.lines()).hasSize(100).endsWith("burst 199");
    assertThat(log.dropped()).isEqualTo(50 + 100 + 10_000 - 100);
    assertThat(log.drain()).isFalse();
  }

  @Test
  void noticesSayWhyRowsAreMissingOrOldForTheClustersInScope() {
    ClusterStatus live =
        new ClusterStatus("a", "https://a", ConnectionState.LIVE, "", 5, NOW, true);
    ClusterStatus stale =
        new ClusterStatus(
            "b",
            "https://b",
            ConnectionState.STALE,
            "context 'b': cannot connect",
            5,
            NOW.minusSeconds(90),
            true);
    ClusterState a =
        ClusterState.empty(live)
            .withWatches(
                Map.of(
                    ResourceKind.PODS,
                    new WatchState(
                        ResourceKind.PODS,
                        WatchState.Health.NO_ACCESS,
                        "no access: list pods in any namespace",
                        NOW),
                    ResourceKind.NODES,
                    new WatchState(
                        ResourceKind.NODES,
                        WatchState.Health.STALE,
                        "watch failed: HTTP 410; retrying",
                        NOW.minusSeconds(30))));
    FleetState fleet =
        new FleetState(List.of(a, ClusterState.empty(stale)), NOW, DataOrigin.CLUSTER);

    List<String> all =
        ClusterScope.notices(
            fleet, ClusterScope.ALL_CLUSTERS, NOW, ResourceKind.NODES, ResourceKind.PODS);
    assertThat(all)
        .anySatisfy(n -> assertThat(n).isEqualTo("a: no access: list pods in any namespace"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("a: nodes STALE since ")
                    .endsWith("(30 s ago): watch failed: HTTP 410; retrying"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("b: STALE data from ")
                    .contains("(90 s ago)")
                    .endsWith("cannot connect"));
    assertThat(ClusterScope.notices(fleet, "b", NOW, ResourceKind.PODS)).hasSize(1);
  }
}
