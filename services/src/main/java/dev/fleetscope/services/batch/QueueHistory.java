package dev.fleetscope.services.batch;

import dev.fleetscope.services.metrics.TimeSeries;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The queues as the console read them, round by round, for the last {@code capacity} rounds: the
 * timelines a queue has when no Prometheus holds Kueue's or Volcano's metrics. Thread-safe.
 */
public final class QueueHistory {
  private record Round(long atMillis, Map<String, BatchQueue> queues) {}

  private final int capacity;
  private final ArrayDeque<Round> rounds = new ArrayDeque<>();

  public QueueHistory(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
  }

  /** Records one round's queues; a round not newer than the latest is ignored. */
  public synchronized void record(Instant at, List<QueueScan> scans) {
    long t = at.toEpochMilli();
    if (!rounds.isEmpty() && rounds.peekLast().atMillis() >= t) {
      return;
    }
    Map<String, BatchQueue> byKey = new HashMap<>();
    for (QueueScan scan : scans) {
      for (BatchQueue q : scan.queues()) {
        byKey.put(QueueTimeline.key(q), q);
      }
    }
    rounds.addLast(new Round(t, byKey));
    while (rounds.size() > capacity) {
      rounds.removeFirst();
    }
  }

  public synchronized int rounds() {
    return rounds.size();
  }

  /**
   * The queue's counts and GPUs in every recorded round; a round in which the queue was absent
   * reads NaN (a gap in the chart).
   */
  public synchronized QueueTimeline timeline(BatchQueue queue, String source) {
    String key = QueueTimeline.key(queue);
    int n = rounds.size();
    long[] times = new long[n];
    double[] pending = new double[n];
    double[] reserving = new double[n];
    double[] admitted = new double[n];
    double[] used = new double[n];
    double[] quota = new double[n];
    int i = 0;
    for (Round r : rounds) {
      times[i] = r.atMillis();
      BatchQueue q = r.queues().get(key);
      pending[i] = q == null ? Double.NaN : q.pending();
      reserving[i] = q == null ? Double.NaN : q.reserving();
      admitted[i] = q == null ? Double.NaN : q.admitted();
      used[i] = q == null ? Double.NaN : q.gpuUsed();
      quota[i] = q == null ? Double.NaN : q.gpuNominal();
      i++;
    }
    boolean volcano = queue.scheduler() == Scheduler.VOLCANO;
    List<TimeSeries> workloads = new ArrayList<>();
    workloads.add(new TimeSeries("pending", "", times, pending));
    workloads.add(new TimeSeries(volcano ? "inqueue" : "reserving", "", times.clone(), reserving));
    workloads.add(new TimeSeries(volcano ? "running" : "admitted", "", times.clone(), admitted));
    List<TimeSeries> gpus = new ArrayList<>();
    gpus.add(new TimeSeries("GPUs used", "GPUs", times.clone(), used));
    gpus.add(new TimeSeries("GPU quota", "GPUs", times.clone(), quota));
    String note =
        n < 2
            ? "One read so far: a point is added with each read."
            : "A Prometheus that scrapes "
                + (volcano ? "the Volcano scheduler" : "Kueue")
                + " would give a longer history.";
    return new QueueTimeline(key, workloads, gpus, source, note);
  }
}
