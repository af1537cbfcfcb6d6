package dev.fleetscope.services.batch;

import dev.fleetscope.services.metrics.TimeSeries;
import java.util.List;

/**
 * How one batch queue's workloads and GPUs moved over time, for the queue timelines.
 *
 * @param queue the queue as the table names it ({@code cluster/kind/namespace/name})
 * @param workloads counts of waiting, reserving and admitted workloads (Volcano: pending, inqueue
 *     and running pod groups)
 * @param gpus GPUs in use against the queue's quota
 * @param source where the points come from: Prometheus, or the console's own reads since it started
 * @param note why the timeline is thinner than it could be (empty when nothing to say)
 */
public record QueueTimeline(
    String queue, List<TimeSeries> workloads, List<TimeSeries> gpus, String source, String note) {
  public QueueTimeline {
    workloads = List.copyOf(workloads);
    gpus = List.copyOf(gpus);
  }

  public static String key(BatchQueue q) {
    return q.cluster() + "/" + q.kind() + "/" + q.namespace() + "/" + q.name();
  }

  /** The same timeline with another note. */
  public QueueTimeline withNote(String why) {
    return new QueueTimeline(queue, workloads, gpus, source, why);
  }

  /** Whether any series has a point. */
  public boolean hasPoints() {
    for (List<TimeSeries> group : List.of(workloads, gpus)) {
      for (TimeSeries s : group) {
        if (s.size() > 0) {
          return true;
        }
      }
    }
    return false;
  }
}
