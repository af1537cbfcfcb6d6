package dev.fleetscope.services.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything known about one cluster at one moment: its connection, the facts of its nodes, pods
 * and workloads, and how each kind's watch is doing. Immutable. Pods are in namespace and name
 * order (views rely on it to avoid sorting 10,000 rows on the FX thread).
 */
public record ClusterState(
    ClusterStatus status,
    List<NodeFacts> nodes,
    List<PodFacts> pods,
    List<WorkloadFacts> workloads,
    Map<ResourceKind, WatchState> watches) {

  public ClusterState {
    nodes = List.copyOf(nodes);
    pods = inOrder(pods, POD_ORDER);
    workloads = List.copyOf(workloads);
    watches = watches.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(watches));
  }

  /** Namespace, then name. */
  public static final Comparator<PodFacts> POD_ORDER =
      Comparator.comparing(PodFacts::namespace).thenComparing(PodFacts::name);

  /** An immutable copy in the given order; one pass when it is in order already. */
  private static <T> List<T> inOrder(List<T> items, Comparator<? super T> order) {
    for (int i = 1; i < items.size(); i++) {
      if (order.compare(items.get(i - 1), items.get(i)) > 0) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(order);
        return List.copyOf(sorted);
      }
    }
    return List.copyOf(items);
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
