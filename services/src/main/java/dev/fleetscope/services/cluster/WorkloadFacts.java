package dev.fleetscope.services.cluster;

import java.util.Map;

/**
 * A Deployment or StatefulSet, as the overview sees it.
 *
 * @param selector the workload's {@code matchLabels}
 * @param gpusPerReplica {@code nvidia.com/gpu} requested by one pod of its template
 */
public record WorkloadFacts(
    String kind,
    String namespace,
    String name,
    Map<String, String> selector,
    int desiredReplicas,
    int readyReplicas,
    int gpusPerReplica,
    InferenceEngine engine,
    String servedModel) {

  public WorkloadFacts {
    selector = Map.copyOf(selector);
  }

  /** Inference workloads are the ones whose pods ask for GPUs. */
  public boolean isInference() {
    return gpusPerReplica > 0;
  }
}
