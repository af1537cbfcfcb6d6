package dev.fleetscope.services.demo;

import java.util.Map;

/**
 * The simulator's own count of one cluster: what it created, independent of the Kubernetes API the
 * console reads. Tests compare the two.
 *
 * @param gpuCapacityByProduct GPUs on nodes, by GPU Feature Discovery product
 * @param gpuAllocatedByProduct GPUs held by scheduled pods, by product
 * @param podsPendingForGpus GPU pods that found no node with enough free GPUs
 */
public record ClusterCensus(
    String cluster,
    int nodes,
    int pods,
    int inferenceWorkloads,
    int podsPendingForGpus,
    Map<String, Integer> gpuCapacityByProduct,
    Map<String, Integer> gpuAllocatedByProduct) {

  public ClusterCensus {
    gpuCapacityByProduct = Map.copyOf(gpuCapacityByProduct);
    gpuAllocatedByProduct = Map.copyOf(gpuAllocatedByProduct);
  }

  public int gpuCapacity() {
    return gpuCapacityByProduct.values().stream().mapToInt(Integer::intValue).sum();
  }

  public int gpuAllocated() {
    return gpuAllocatedByProduct.values().stream().mapToInt(Integer::intValue).sum();
  }
}
