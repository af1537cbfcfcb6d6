package dev.fleetscope.services.cluster;

/**
 * One workload with the cluster it runs in and what its pods add up to.
 *
 * @param pods pods its selector matches
 * @param restarts container restarts over those pods
 * @param oomKilled pods whose last termination was OOMKilled
 */
public record WorkloadRow(
    String cluster, WorkloadFacts workload, int pods, int restarts, int oomKilled) {

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
