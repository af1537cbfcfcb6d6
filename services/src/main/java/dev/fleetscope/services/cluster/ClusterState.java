package dev.fleetscope.services.cluster;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything known about one cluster at one moment: its connection, the facts of its nodes, pods
 * and workloads, and how each kind's watch is doing. Immutable.
 */
public record ClusterState(
    ClusterStatus status,
    List<NodeFacts> nodes,
    List<PodFacts> pods,
    List<WorkloadFacts> workloads,
    Map<ResourceKind, WatchState> watches) {

  public ClusterState {
    nodes = List.copyOf(nodes);
    pods = List.copyOf(pods);
    workloads = List.copyOf(workloads);
    watches = watches.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(watches));
  }

  public static ClusterState empty(ClusterStatus status) {
    return new ClusterState(status, List.of(), List.of(), List.of(), Map.of());
  }

  /** The same state with other watch states (e.g. for a cluster without data). */
  public ClusterState withWatches(Map<ResourceKind, WatchState> next) {
    return new ClusterState(status, nodes, pods, workloads, next);
  }

  public String context() {
    return status.context();
  }

  public Optional<WatchState> watch(ResourceKind kind) {
    return Optional.ofNullable(watches.get(kind));
  }
}
