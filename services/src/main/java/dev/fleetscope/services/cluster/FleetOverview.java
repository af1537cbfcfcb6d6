package dev.fleetscope.services.cluster;

import dev.fleetscope.services.common.DataOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The whole fleet at one moment: what the Fleet overview section and its export show.
 *
 * @param asOf when this snapshot was computed from the watched state
 * @param origin where the data comes from (CLUSTER, or DEMO for the embedded fleet)
 */
public record FleetOverview(List<ClusterOverview> clusters, Instant asOf, DataOrigin origin) {

  public FleetOverview {
    clusters = List.copyOf(clusters);
  }

  public int gpuCapacity() {
    return clusters.stream().mapToInt(ClusterOverview::gpuCapacity).sum();
  }

  public int gpuAllocated() {
    return clusters.stream().mapToInt(ClusterOverview::gpuAllocated).sum();
  }

  public int gpuFree() {
    return clusters.stream().mapToInt(ClusterOverview::gpuFree).sum();
  }

  public int nodes() {
    return clusters.stream().mapToInt(ClusterOverview::nodes).sum();
  }

  public int nodesReady() {
    return clusters.stream().mapToInt(ClusterOverview::nodesReady).sum();
  }

  public List<WorkloadRow> workloads() {
    return clusters.stream().flatMap(c -> c.workloads().stream()).toList();
  }

  public long clustersWithData() {
    return clusters.stream().filter(c -> c.status().state().hasData()).count();
  }

  /** True once every cluster has either answered with data or been found unreachable. */
  public boolean settled() {
    return clusters.stream().noneMatch(c -> c.status().state() == ConnectionState.CONNECTING);
  }

  /** The oldest moment any shown cluster's data was confirmed by its API. */
  public Optional<Instant> oldestContact() {
    return clusters.stream()
        .filter(c -> c.status().state().hasData())
        .map(c -> c.status().lastContact())
        .filter(i -> i != null)
        .min(Instant::compareTo);
  }
}
