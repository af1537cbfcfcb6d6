package dev.fleetscope.services.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one cluster's state into its overview row: GPU capacity, allocation and free by product,
 * and the inference workloads with their pods' restarts. Pure; runs off the FX thread.
 */
public final class OverviewCalculator {

  /** Label name used for nodes without GPU Feature Discovery labels but with GPUs. */
  public static final String UNKNOWN_PRODUCT = "unlabelled GPU";

  private OverviewCalculator() {}

  public static ClusterOverview compute(ClusterState cluster) {
    ClusterStatus status = cluster.status();
    if (!status.state().hasData()) {
      return ClusterOverview.empty(status);
    }
    Map<String, Integer> allocatedByNode = new HashMap<>();
    int pendingForGpus = 0;
    for (PodFacts pod : cluster.pods()) {
      if (pod.gpuRequest() > 0 && pod.holdsGpus()) {
        allocatedByNode.merge(pod.nodeName(), pod.gpuRequest(), Integer::sum);
      }
      if (pod.pendingForGpus()) {
        pendingForGpus++;
      }
    }

    Map<String, long[]> byProduct = new TreeMap<>(); // memory, nodes, capacity, allocated
    int ready = 0;
    for (NodeFacts node : cluster.nodes()) {
      if (node.ready()) {
        ready++;
      }
      if (!node.hasGpus()) {
        continue;
      }
      String product = node.gpuProduct().isEmpty() ? UNKNOWN_PRODUCT : node.gpuProduct();
      long[] acc = byProduct.computeIfAbsent(product, p -> new long[4]);
      acc[0] = Math.max(acc[0], node.gpuMemoryMiB());
      acc[1]++;
      acc[2] += node.allocatableGpus();
      acc[3] += allocatedByNode.getOrDefault(node.name(), 0);
    }
    List<GpuProductCapacity> capacities = new ArrayList<>();
    byProduct.forEach(
        (product, a) ->
            capacities.add(
                new GpuProductCapacity(product, a[0], (int) a[1], (int) a[2], (int) a[3])));
    return new ClusterOverview(
        status,
        cluster.nodes().size(),
        ready,
        capacities,
        FleetRows.workloads(cluster, true),
        pendingForGpus);
  }
}
