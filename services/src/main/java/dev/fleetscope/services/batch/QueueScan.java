package dev.fleetscope.services.batch;

import java.util.List;

/**
 * What one cluster's batch schedulers hold.
 *
 * @param kueueVersion the Kueue API version read ({@code v1beta2} or {@code v1beta1}), empty when
 *     Kueue is not installed
 * @param volcano whether Volcano's CRDs are installed
 * @param problems what could not be read (no access, a malformed object), each naming the object
 */
public record QueueScan(
    String cluster,
    String kueueVersion,
    boolean volcano,
    List<BatchQueue> queues,
    List<BatchJob> jobs,
    List<String> problems) {
  public QueueScan {
    queues = List.copyOf(queues);
    jobs = List.copyOf(jobs);
    problems = List.copyOf(problems);
  }

  public boolean anyScheduler() {
    return !kueueVersion.isEmpty() || volcano;
  }
}
