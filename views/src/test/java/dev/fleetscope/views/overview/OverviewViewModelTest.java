package dev.fleetscope.views.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.cluster.ClusterOverview;
import dev.fleetscope.services.cluster.ClusterStatus;
import dev.fleetscope.services.cluster.ConnectionState;
import dev.fleetscope.services.cluster.FleetOverview;
import dev.fleetscope.services.cluster.FleetOverviewSource;
import dev.fleetscope.services.cluster.FleetState;
import dev.fleetscope.services.cluster.GpuProductCapacity;
import dev.fleetscope.services.cluster.InferenceEngine;
import dev.fleetscope.services.cluster.WorkloadFacts;
import dev.fleetscope.services.cluster.WorkloadRow;
import dev.fleetscope.services.common.ChangeSignal;
import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.common.Subscription;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The view-model without the toolkit: a port implementation feeds it snapshots. */
class OverviewViewModelTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  /** A port implementation that counts how often the view-model pulls. */
  static final class CountingSource implements FleetOverviewSource {
    final AtomicReference<FleetOverview> current = new AtomicReference<>();
    final ChangeSignal signal = new ChangeSignal();
    final AtomicInteger pulls = new AtomicInteger();

    @Override
    public FleetOverview snapshot() {
      pulls.incrementAndGet();
      return current.get();
    }

    @Override
    public FleetState state() {
      FleetOverview o = current.get();
      return new FleetState(List.of(), o.asOf(), o.origin());
    }

    @Override
    public Subscription onChange(Runnable listener) {
      return signal.subscribe(listener);
    }

    void publish(FleetOverview o) {
      current.set(o);
      signal.fire();
    }
  }

  static ClusterOverview cluster(
      String name, ConnectionState state, int capacity, int allocated, int ready, int desired) {
    WorkloadFacts w =
        new WorkloadFacts(
            "Deployment",
            "serving",
            "chat",
            Map.of("app", "chat"),
            desired,
            ready,
            4,
            InferenceEngine.VLLM,
            "m",
            "");
    return new ClusterOverview(
        new ClusterStatus(
            name,
            "https://" + name,
            state,
            state == ConnectionState.LIVE ? "" : "context '" + name + "': cannot connect",
            5,
            NOW.minusSeconds(3),
            true),
        2,
        2,
        List.of(new GpuProductCapacity("NVIDIA-H100-80GB-HBM3", 81559, 2, capacity, allocated)),
        List.of(new WorkloadRow(name, w, 0, 0, 0)),
        0);
  }

  @Test
  void aBurstOfChangesIsAppliedOncePerRefresh() {
    CountingSource source = new CountingSource();
    source.current.set(new FleetOverview(List.of(), NOW, DataOrigin.DEMO));
    OverviewViewModel vm = new OverviewViewModel(source, Clock.fixed(NOW, ZoneOffset.UTC));
    vm.refresh();
    int before = source.pulls.get();
    for (int i = 0; i < 1000; i++) {
      source.publish(
          new FleetOverview(
              List.of(cluster("a", ConnectionState.LIVE, 16, i % 16, 2, 2)), NOW, DataOrigin.DEMO));
    }
    vm.refresh();
    vm.refresh();
    assertThat(source.pulls.get() - before).isEqualTo(1);
    assertThat(vm.clustersProperty().get())
        .singleElement()
        .satisfies(c -> assertThat(c.gpuAllocated()).isEqualTo(999 % 16));
  }

  @Test
  void tilesSumTheFleetAndFlagUnreachableClusters() {
    CountingSource source = new CountingSource();
    source.publish(
        new FleetOverview(
            List.of(
                cluster("a", ConnectionState.LIVE, 16, 12, 1, 2),
                cluster("b", ConnectionState.UNREACHABLE, 0, 0, 0, 0)),
            NOW,
            DataOrigin.CLUSTER));
    OverviewViewModel vm = new OverviewViewModel(source, Clock.fixed(NOW, ZoneOffset.UTC));
    vm.refresh();

    List<SummaryTile> tiles = vm.tilesProperty().get();
    assertThat(tiles).extracting(SummaryTile::title).contains("Clusters", "GPUs allocated");
    assertThat(tiles.get(0).value()).isEqualTo("1 / 2");
    assertThat(tiles.get(0).detail()).isEqualTo("1 unreachable");
    assertThat(tiles.get(2).value()).isEqualTo("12 / 16");
    assertThat(vm.loadedProperty().get()).isTrue();
    assertThat(vm.provenanceProperty().get())
        .startsWith("Source: Kubernetes API")
        .contains("3 s ago");
    assertThat(OverviewViewModel.healthBadge(vm.workloadsProperty().get().get(0)).text())
        .isEqualTo("Degraded");
  }

  @Test
  void demoDataIsLabelledAsSuch() {
    CountingSource source = new CountingSource();
    source.publish(
        new FleetOverview(
            List.of(cluster("a", ConnectionState.LIVE, 8, 8, 2, 2)), NOW, DataOrigin.DEMO));
    OverviewViewModel vm = new OverviewViewModel(source, Clock.fixed(NOW, ZoneOffset.UTC));
    vm.refresh();
    assertThat(vm.provenanceProperty().get()).contains("DEMO");
  }

  @Test
  void closingUnsubscribes() {
    CountingSource source = new CountingSource();
    source.current.set(new FleetOverview(List.of(), NOW, DataOrigin.DEMO));
    OverviewViewModel vm = new OverviewViewModel(source, Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(source.signal.listenerCount()).isEqualTo(1);
    vm.close();
    assertThat(source.signal.listenerCount()).isZero();
  }
}
