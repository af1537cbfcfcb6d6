package dev.fleetscope.services.demo;

import java.util.LinkedHashSet;
import java.util.Set;

/** What one simulator step changed that the Kubernetes API must show. */
final class SimChanges {
  final Set<SimReplica> pods = new LinkedHashSet<>();
  final Set<SimWorkload> workloads = new LinkedHashSet<>();

  void pod(SimReplica replica) {
    pods.add(replica);
    workloads.add(replica.workload);
  }

  boolean isEmpty() {
    return pods.isEmpty() && workloads.isEmpty();
  }
}
