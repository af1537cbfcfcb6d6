package dev.fleetscope.services.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Derives the cluster views' rows from a cluster's state. Pure; runs off the FX thread. */
public final class FleetRows {
  private FleetRows() {}

  public static List<NodeRow> nodes(ClusterState cluster) {
    Map<String, int[]> byNode = new HashMap<>(); // gpus requested, pods
    for (PodFacts pod : cluster.pods()) {
      if (!pod.holdsGpus()) {
        continue;
      }
      int[] acc = byNode.computeIfAbsent(pod.nodeName(), n -> new int[2]);
      acc[0] += pod.gpuRequest();
      acc[1]++;
    }
    List<NodeRow> rows = new ArrayList<>(cluster.nodes().size());
    for (NodeFacts node : cluster.nodes()) {
      int[] acc = byNode.getOrDefault(node.name(), new int[2]);
      rows.add(new NodeRow(cluster.context(), node, acc[0], acc[1]));
    }
    rows.sort(Comparator.comparing(r -> r.node().name()));
    return rows;
  }

  /** Workloads sorted by namespace and name; inference-only keeps those whose pods ask for GPUs. */
  public static List<WorkloadRow> workloads(ClusterState cluster, boolean inferenceOnly) {
    PodLabelIndex index = new PodLabelIndex(cluster.pods());
    List<WorkloadRow> rows = new ArrayList<>();
    for (WorkloadFacts workload : cluster.workloads()) {
      if (inferenceOnly && !workload.isInference()) {
        continue;
      }
      int pods = 0;
      int restarts = 0;
      int oom = 0;
      for (PodFacts pod : index.selectedBy(workload)) {
        pods++;
        restarts += pod.restarts();
        if ("OOMKilled".equals(pod.lastTermination())) {
          oom++;
        }
      }
      rows.add(new WorkloadRow(cluster.context(), workload, pods, restarts, oom));
    }
    rows.sort(
        Comparator.comparing((WorkloadRow r) -> r.workload().namespace())
            .thenComparing(r -> r.workload().name())
            .thenComparing(r -> r.workload().kind()));
    return rows;
  }

  /** The pods a workload selects, sorted by name. */
  public static List<PodFacts> podsOf(ClusterState cluster, WorkloadFacts workload) {
    List<PodFacts> pods = new ArrayList<>();
    for (PodFacts pod : cluster.pods()) {
      if (workload.selects(pod)) {
        pods.add(pod);
      }
    }
    pods.sort(Comparator.comparing(PodFacts::name));
    return pods;
  }
}
