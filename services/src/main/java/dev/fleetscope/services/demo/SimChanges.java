package dev.fleetscope.services.demo;

import java.util.LinkedHashSet;
import java.util.Set;

/** What one simulator step changed that the Kubernetes API must show. */
final class SimChanges {
  final Set<SimReplica> pods = new LinkedHashSet<>();
  final Set<SimWorkload> workloads = new LinkedHashSet<>();

  /** Pods that replaced others (a new version's): to create, not patch. */
  final Set<SimReplica> created = new LinkedHashSet<>();

  /** Pods that went away: to delete. */
  final Set<SimReplica> removed = new LinkedHashSet<>();

  /** Objects a simulated controller wrote this step (AnalysisRuns): cluster → objects. */
  final java.util.Map<
          String, java.util.List<io.fabric8.kubernetes.api.model.GenericKubernetesResource>>
      objects = new java.util.LinkedHashMap<>();

  void pod(SimReplica replica) {
    pods.add(replica);
    workloads.add(replica.workload);
  }

  boolean isEmpty() {
    return pods.isEmpty()
        && workloads.isEmpty()
        && created.isEmpty()
        && removed.isEmpty()
        && objects.isEmpty();
  }
}
