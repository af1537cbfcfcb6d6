package dev.fleetscope.services.cluster;

import java.time.Instant;
import java.util.Map;

/**
 * What the console keeps of a pod.
 *
 * @param nodeName node the pod is bound to, or empty when unscheduled
 * @param phase pod phase (Pending, Running, Succeeded, Failed, Unknown)
 * @param status what {@code kubectl get pods} would show: the phase, or a container's waiting or
 *     terminated reason (CrashLoopBackOff, OOMKilled), or Terminating
 * @param gpuRequest {@code nvidia.com/gpu} requested by all its containers
 * @param lastTermination the last terminated state's reason of any container (e.g. OOMKilled)
 * @param owner the controlling owner as {@code Kind/name}, or empty
 * @param created creation time, or null when unknown
 */
public record PodFacts(
    String namespace,
    String name,
    String nodeName,
    String phase,
    String status,
    boolean ready,
    int readyContainers,
    int containers,
    int gpuRequest,
    int restarts,
    String lastTermination,
    String owner,
    Instant created,
    Map<String, String> labels) {

  public PodFacts {
    labels = Map.copyOf(labels);
  }

  /** A pod with only the fields the overview needs (tests, simple sources). */
  public static PodFacts basic(
      String namespace,
      String name,
      String nodeName,
      String phase,
      boolean ready,
      int gpuRequest,
      int restarts,
      Map<String, String> labels) {
    return new PodFacts(
        namespace,
        name,
        nodeName,
        phase,
        phase,
        ready,
        ready ? 1 : 0,
        1,
        gpuRequest,
        restarts,
        "",
        "",
        null,
        labels);
  }

  /** True while the pod holds its GPUs: bound to a node and not finished. */
  public boolean holdsGpus() {
    return !nodeName.isEmpty() && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  public boolean pendingForGpus() {
    return gpuRequest > 0 && "Pending".equals(phase) && nodeName.isEmpty();
  }
}
