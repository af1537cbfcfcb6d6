package dev.fleetscope.services.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest known facts of one cluster, filled by a watcher from any thread. Writers only put and
 * remove entries (cheap, safe in informer handlers); readers copy the values when they build a
 * snapshot.
 */
public final class ClusterInventory {
  private final Map<String, NodeFacts> nodes = new ConcurrentHashMap<>();
  private final Map<String, PodFacts> pods = new ConcurrentHashMap<>();
  private final Map<String, WorkloadFacts> workloads = new ConcurrentHashMap<>();

  public void putNode(NodeFacts node) {
    nodes.put(node.name(), node);
  }

  public void removeNode(String name) {
    nodes.remove(name);
  }

  public void putPod(PodFacts pod) {
    pods.put(pod.namespace() + "/" + pod.name(), pod);
  }

  public void removePod(String namespace, String name) {
    pods.remove(namespace + "/" + name);
  }

  public void putWorkload(WorkloadFacts workload) {
    workloads.put(key(workload), workload);
  }

  public void removeWorkload(String kind, String namespace, String name) {
    workloads.remove(kind + ":" + namespace + "/" + name);
  }

  public void clear() {
    nodes.clear();
    pods.clear();
    workloads.clear();
  }

  public List<NodeFacts> nodes() {
    return List.copyOf(nodes.values());
  }

  public List<PodFacts> pods() {
    return List.copyOf(pods.values());
  }

  public List<WorkloadFacts> workloads() {
    return List.copyOf(workloads.values());
  }

  /** An immutable copy of what is known now, with the connection and watch states given. */
  public ClusterState snapshot(ClusterStatus status, Map<ResourceKind, WatchState> watches) {
    return new ClusterState(status, nodes(), pods(), workloads(), watches);
  }

  private static String key(WorkloadFacts w) {
    return w.kind() + ":" + w.namespace() + "/" + w.name();
  }
}
