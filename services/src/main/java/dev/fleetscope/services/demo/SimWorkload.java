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
