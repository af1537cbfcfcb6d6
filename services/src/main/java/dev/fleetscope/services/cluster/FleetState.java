package dev.fleetscope.services.cluster;

import dev.fleetscope.services.common.DataOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every connected cluster's state at one moment: what the cluster views and exports read. */
public record FleetState(List<ClusterState> clusters, Instant asOf, DataOrigin origin) {

  public FleetState {
    clusters = List.copyOf(clusters);
  }

  public Optional<ClusterState> cluster(String context) {
    return clusters.stream().filter(c -> c.context().equals(context)).findFirst();
  }
}
