package dev.fleetscope.services.cluster;

import dev.fleetscope.services.common.Subscription;

/**
 * Port: the live fleet overview. Implementations watch clusters on their own threads and publish
 * immutable snapshots; {@link #onChange} listeners are told only that a newer snapshot exists and
 * must not do work in the callback.
 */
public interface FleetOverviewSource {

  /** The latest snapshot; never null, cheap to call from any thread. */
  FleetOverview snapshot();

  /** The state behind the overview (nodes, pods, workloads, watches); never null. */
  FleetState state();

  /** On-demand reads against the connected clusters. */
  default ClusterReads reads() {
    return ClusterReads.NONE;
  }

  /** Registers a listener fired (from any thread) when a newer snapshot is available. */
  Subscription onChange(Runnable listener);
}
