package dev.fleetscope.services.batch;

import java.time.Instant;

/**
 * A job a batch scheduler queues: a Kueue Workload or a Volcano PodGroup.
 *
 * @param queue the LocalQueue (Kueue) or Queue (Volcano) it was submitted to
 * @param clusterQueue the ClusterQueue it holds quota in (Kueue; empty otherwise or before then)
 * @param state what the scheduler did with it
 * @param gpus {@code nvidia.com/gpu} it asks for, over all its pods
 * @param reason why it is in that state, as the scheduler says (e.g. {@code Pending}, {@code
 *     InCohortReclamation}, {@code Unschedulable}); empty when nothing is wrong
 * @param message the scheduler's own explanation
 * @param since when it entered that state (the condition's transition time), or null
 */
public record BatchJob(
    String cluster,
    Scheduler scheduler,
    String namespace,
    String name,
    String queue,
    String clusterQueue,
    State state,
    int gpus,
    int priority,
    String reason,
    String message,
    Instant created,
    Instant since) {

  public enum State {
    PENDING("Pending"),
    /** Kueue: quota reserved, admission checks not yet passed. */
    QUOTA_RESERVED("QuotaReserved"),
    ADMITTED("Admitted"),
    /** Volcano: accepted into the queue, pods not yet all running. */
    INQUEUE("Inqueue"),
    RUNNING("Running"),
    PREEMPTED("Preempted"),
    EVICTED("Evicted"),
    FINISHED("Finished"),
    INACTIVE("Inactive"),
    UNKNOWN("Unknown");

    private final String label;

    State(String label) {
      this.label = label;
    }

    /** Waiting for something: the rows an SRE reads first. */
    public boolean waiting() {
      return this == PENDING
          || this == QUOTA_RESERVED
          || this == INQUEUE
          || this == PREEMPTED
          || this == EVICTED;
    }

    @Override
    public String toString() {
      return label;
    }
  }
}
