package dev.fleetscope.services.cluster;

import java.util.Map;

/**
 * A Deployment, StatefulSet, Argo Rollout or LeaderWorkerSet, as the console sees it.
 *
 * @param kind the {@link ResourceKind#kind()} name, e.g. "Deployment"
 * @param selector labels that select its pods ({@code matchLabels}, or the LeaderWorkerSet name
 *     label)
 * @param desiredReplicas replicas asked for (LeaderWorkerSet: groups)
 * @param readyReplicas replicas ready (LeaderWorkerSet: groups ready)
 * @param gpusPerReplica {@code nvidia.com/gpu} requested by one replica (LeaderWorkerSet: the whole
 *     group, leader plus workers)
 * @param phase a status word the controller reports, where it has one (Rollout phase), else empty
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
    String servedModel,
    String phase) {

  public WorkloadFacts {
    selector = Map.copyOf(selector);
  }

  /** Inference workloads are the ones whose pods ask for GPUs. */
  public boolean isInference() {
    return gpusPerReplica > 0;
  }

  /** True when the pod belongs to this workload: same namespace, selector labels all match. */
  public boolean selects(PodFacts pod) {
    if (selector.isEmpty() || !namespace.equals(pod.namespace())) {
      return false;
    }
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(pod.labels().get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
