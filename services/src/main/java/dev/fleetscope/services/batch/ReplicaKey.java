package dev.fleetscope.services.batch;

/** A serving replica: the pod that runs one inference server. */
public record ReplicaKey(String cluster, String namespace, String pod)
    implements Comparable<ReplicaKey> {

  @Override
  public int compareTo(ReplicaKey o) {
    int c = cluster.compareTo(o.cluster);
    if (c == 0) {
      c = namespace.compareTo(o.namespace);
    }
    return c != 0 ? c : pod.compareTo(o.pod);
  }

  @Override
  public String toString() {
    return (cluster.isEmpty() ? "" : cluster + "/") + namespace + "/" + pod;
  }
}
