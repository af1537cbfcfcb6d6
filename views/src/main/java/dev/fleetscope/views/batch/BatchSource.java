package dev.fleetscope.views.batch;

import dev.fleetscope.services.batch.BatchBoard;
import dev.fleetscope.services.batch.BatchQueue;
import dev.fleetscope.services.batch.QueueTimeline;
import dev.fleetscope.services.batch.ReplicaHistory;
import dev.fleetscope.services.batch.ReplicaKey;
import dev.fleetscope.services.common.Subscription;
import java.util.Optional;

/** What the batch section reads: the latest board, and each replica's history for timelines. */
public interface BatchSource {
  BatchBoard board();

  /** Fires after the board changes, on a background thread. */
  Subscription subscribe(Runnable onChange);

  /** Reads replicas and queues again now (in the background). */
  void refreshNow();

  Optional<ReplicaHistory> history(ReplicaKey key);

  /**
   * A queue's timelines: from Prometheus where it holds the scheduler's metrics, else from the
   * console's own reads since it connected. Blocks (Prometheus is read): call it off the FX thread.
   */
  QueueTimeline queueTimeline(BatchQueue queue);
}
