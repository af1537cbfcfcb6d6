package dev.fleetscope.views.cluster;

import dev.fleetscope.services.cluster.PodFacts;

/** A pod with the cluster it runs in. */
public record PodRow(String cluster, PodFacts pod) {

  /** Identifies the pod across updates and clusters. */
  public String key() {
    return cluster + "/" + pod.namespace() + "/" + pod.name();
  }
}
