package dev.fleetscope.services.cluster;

import dev.fleetscope.services.common.Subscription;

/**
 * A fleet source that never changes: used to show why nothing could be connected (for example a
 * malformed kubeconfig) in the same table that would show the clusters.
 */
public final class StaticFleetSource implements FleetOverviewSource {
  private final FleetOverview overview;

  public StaticFleetSource(FleetOverview overview) {
    this.overview = overview;
  }

  @Override
  public FleetOverview snapshot() {
    return overview;
  }

  @Override
  public FleetState state() {
    return new FleetState(
        overview.clusters().stream().map(c -> ClusterState.empty(c.status())).toList(),
        overview.asOf(),
        overview.origin());
  }

  @Override
  public Subscription onChange(Runnable listener) {
    return () -> {};
  }
}
