package dev.fleetscope.services.cluster;

import java.util.List;

/** One cluster's row of the fleet overview: an immutable snapshot. */
public record ClusterOverview(
    ClusterStatus status,
    int nodes,
    int nodesReady,
    List<GpuProductCapacity> gpusByProduct,
    List<WorkloadRow> workloads,
    int podsPendingForGpus) {

  public ClusterOverview {
    gpusByProduct = List.copyOf(gpusByProduct);
    workloads = List.copyOf(workloads);
  }

  public static ClusterOverview empty(ClusterStatus status) {
    return new ClusterOverview(status, 0, 0, List.of(), List.of(), 0);
  }

  public String context() {
    return status.context();
  }

  public int gpuCapacity() {
    return gpusByProduct.stream().mapToInt(GpuProductCapacity::capacity).sum();
  }

  public int gpuAllocated() {
    return gpusByProduct.stream().mapToInt(GpuProductCapacity::allocated).sum();
  }

  public int gpuFree() {
    return gpusByProduct.stream().mapToInt(GpuProductCapacity::free).sum();
  }

  public long workloadsHealthy() {
    return workloads.stream().filter(WorkloadRow::healthy).count();
  }
}
