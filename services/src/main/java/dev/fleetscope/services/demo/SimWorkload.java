package dev.fleetscope.services.demo;

import dev.fleetscope.services.demo.DemoFleetSpec.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/** A simulated Deployment and its pods. */
final class SimWorkload {
  final String cluster;
  final ModelSpec spec;
  final String templateHash;
  final List<SimReplica> replicas = new ArrayList<>();

  SimWorkload(String cluster, ModelSpec spec, String templateHash) {
    this.cluster = cluster;
    this.spec = spec;
    this.templateHash = templateHash;
  }

  /** During a gray release: the canary's pod-template hash, else null. */
  String canaryHash;

  /** The status a simulated controller writes for this workload, when one plays it; else null. */
  java.util.function.Supplier<java.util.Map<String, Object>> statusSource;

  /** During a gray release: the share of traffic the canary gets, 0..100. */
  int canaryWeight;

  int readyReplicas() {
    int n = 0;
    for (SimReplica r : replicas) {
      if (r.ready) {
        n++;
      }
    }
    return n;
  }
}
