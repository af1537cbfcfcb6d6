package dev.fleetscope.services.cluster;

/**
 * GPU capacity of one product in one cluster.
 *
 * @param product GPU Feature Discovery product label, e.g. {@code NVIDIA-H100-80GB-HBM3}
 * @param memoryMiB memory per GPU from {@code nvidia.com/gpu.memory}, 0 when unknown
 * @param nodes nodes carrying this product
 * @param capacity allocatable {@code nvidia.com/gpu} on those nodes
 * @param allocated GPUs requested by pods bound to those nodes
 */
public record GpuProductCapacity(
    String product, long memoryMiB, int nodes, int capacity, int allocated) {

  public int free() {
    return Math.max(0, capacity - allocated);
  }
}
