package dev.fleetscope.services.cluster;

/** One inference workload in the overview, with the cluster it runs in. */
public record WorkloadRow(String cluster, WorkloadFacts workload, int restarts) {

  public boolean healthy() {
    return workload.desiredReplicas() > 0 && workload.readyReplicas() >= workload.desiredReplicas();
  }

  /** Human status: Healthy, Degraded (some replicas not ready), Down (none ready), Scaled to 0. */
  public String health() {
    if (workload.desiredReplicas() == 0) {
      return "Scaled to 0";
    }
    if (healthy()) {
      return "Healthy";
    }
    return workload.readyReplicas() == 0 ? "Down" : "Degraded";
  }
}
