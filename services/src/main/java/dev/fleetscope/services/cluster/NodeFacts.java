package dev.fleetscope.services.cluster;

/**
 * What the overview needs to know of a node, taken from its labels (GPU Feature Discovery) and
 * status.
 *
 * @param gpuProduct {@code nvidia.com/gpu.product} label, or empty when the node has no GPUs
 * @param gpuMemoryMiB {@code nvidia.com/gpu.memory} label (MiB per GPU), or 0
 * @param allocatableGpus allocatable {@code nvidia.com/gpu}
 */
public record NodeFacts(
    String name,
    String gpuProduct,
    long gpuMemoryMiB,
    int allocatableGpus,
    boolean ready,
    boolean cordoned) {

  public boolean hasGpus() {
    return allocatableGpus > 0;
  }
}
