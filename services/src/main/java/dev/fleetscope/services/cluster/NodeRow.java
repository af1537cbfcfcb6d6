package dev.fleetscope.services.cluster;

/**
 * One node with the cluster it is in and what its pods ask of it.
 *
 * @param gpusRequested {@code nvidia.com/gpu} requested by the pods bound to it that still hold
 *     their GPUs
 * @param pods pods bound to it that are not finished
 */
public record NodeRow(String cluster, NodeFacts node, int gpusRequested, int pods) {

  public int gpusFree() {
    return Math.max(0, node.allocatableGpus() - gpusRequested);
  }

  /** Ready, NotReady, and ", cordoned" when unschedulable. */
  public String state() {
    String s = node.ready() ? "Ready" : "NotReady";
    return node.cordoned() ? s + ", cordoned" : s;
  }
}
