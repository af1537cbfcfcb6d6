package dev.fleetscope.services.cluster;

import java.util.Map;

/**
 * The part of a pod that the overview aggregates.
 *
 * @param nodeName node the pod is bound to, or empty when unscheduled
 * @param phase pod phase (Pending, Running, Succeeded, Failed, Unknown)
 * @param gpuRequest {@code nvidia.com/gpu} requested by all its containers
 */
public record PodFacts(
    String namespace,
    String name,
    String nodeName,
    String phase,
    boolean ready,
    int gpuRequest,
    int restarts,
    Map<String, String> labels) {

  public PodFacts {
    labels = Map.copyOf(labels);
  }

  /** True while the pod holds its GPUs: bound to a node and not finished. */
  public boolean holdsGpus() {
    return !nodeName.isEmpty() && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  public boolean pendingForGpus() {
    return gpuRequest > 0 && "Pending".equals(phase) && nodeName.isEmpty();
  }
}
