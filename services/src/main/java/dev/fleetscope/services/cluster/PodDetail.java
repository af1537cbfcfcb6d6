package dev.fleetscope.services.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One pod in full, fetched on demand for the pod detail view.
 *
 * @param conditions {@code Type=Status} with the reason where there is one
 */
public record PodDetail(
    String context,
    PodFacts facts,
    String podIp,
    String qosClass,
    String serviceAccount,
    Instant started,
    List<String> conditions,
    List<ContainerDetail> containers) {

  public PodDetail {
    conditions = List.copyOf(conditions);
    containers = List.copyOf(containers);
  }

  /**
   * One container of the pod.
   *
   * @param requests resource requests as written ({@code cpu → 16})
   * @param state Running, Waiting: reason, Terminated: reason (exit code)
   * @param lastTermination the previous instance's end, e.g. "OOMKilled (exit 137) at ..."
   */
  public record ContainerDetail(
      String name,
      String image,
      boolean init,
      Map<String, String> requests,
      Map<String, String> limits,
      String state,
      boolean ready,
      int restarts,
      String lastTermination) {

    public ContainerDetail {
      requests = Map.copyOf(requests);
      limits = Map.copyOf(limits);
    }
  }
}
