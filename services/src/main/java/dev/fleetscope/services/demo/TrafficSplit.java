package dev.fleetscope.services.demo;

/**
 * How a workload's traffic divides among its pods: evenly, or during a gray release by the canary's
 * weight between the canary's ready pods and the stable ones (as a traffic router would).
 */
final class TrafficSplit {
  private final SimWorkload workload;
  private final int readyAll;
  private final int readyCanary;

  private TrafficSplit(SimWorkload workload, int readyAll, int readyCanary) {
    this.workload = workload;
    this.readyAll = readyAll;
    this.readyCanary = readyCanary;
  }

  static TrafficSplit of(SimWorkload w) {
    int all = 0;
    int canary = 0;
    for (SimReplica r : w.replicas) {
      if (r.ready) {
        all++;
        if (isCanary(w, r)) {
          canary++;
        }
      }
    }
    return new TrafficSplit(w, all, canary);
  }

  private static boolean isCanary(SimWorkload w, SimReplica r) {
    return w.canaryHash != null && w.canaryHash.equals(r.templateHash);
  }

  private double canaryShare() {
    if (workload.canaryHash == null || readyCanary == 0) {
      return 0;
    }
    if (readyCanary == readyAll) {
      return 1;
    }
    return workload.canaryWeight / 100.0;
  }

  /** The share of the workload's traffic this pod's version gets. */
  double share(SimReplica r) {
    if (workload.canaryHash == null) {
      return 1;
    }
    return isCanary(workload, r) ? canaryShare() : 1 - canaryShare();
  }

  /** Ready pods of this pod's version, which split its version's share (at least 1). */
  int ready(SimReplica r) {
    if (workload.canaryHash == null) {
      return Math.max(1, readyAll);
    }
    return Math.max(1, isCanary(workload, r) ? readyCanary : readyAll - readyCanary);
  }

  /** The scenario's conditions, plus the injected regression on canary pods. */
  DemoScenario.Conditions conditions(
      SimReplica r, DemoScenario.Conditions base, boolean regression) {
    if (!regression || !isCanary(workload, r) || readyCanary == readyAll) {
      return base;
    }
    return new DemoScenario.Conditions(
        base.trafficFactor(), base.extraErrorRate() + 0.06, base.latencyFactor() * 2.2);
  }
}
