package dev.fleetscope.services.batch.adapter;

import dev.fleetscope.services.batch.BatchQueue;
import dev.fleetscope.services.batch.QueueTimeline;
import dev.fleetscope.services.batch.Scheduler;
import dev.fleetscope.services.metrics.PromSeries;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.services.metrics.TimeSeries;
import dev.fleetscope.services.slo.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch queue's timelines from the schedulers' own metrics in Prometheus: Kueue's {@code
 * kueue_pending_workloads{cluster_queue,status}}, {@code kueue_reserving_active_workloads}, {@code
 * kueue_admitted_active_workloads} and, where Kueue exports them, {@code
 * kueue_cluster_queue_resource_usage} and {@code kueue_cluster_queue_nominal_quota} of {@code
 * nvidia.com/gpu}; Volcano's {@code
 * volcano_queue_pod_group_{pending,inqueue,running}_count{queue_name}} and {@code
 * volcano_queue_{allocated,deserved}_scalar_resources{queue_name,resource}} (milli-units, so
 * divided by 1000). Kueue's metrics are per ClusterQueue, so a LocalQueue has none here. Where one
 * Prometheus serves several clusters, series carry a {@code cluster} label and only the queue's
 * cluster is taken; series with no {@code cluster} label are taken for any cluster.
 */
public final class PromQueueReader {
  private final PrometheusApi prometheus;

  public PromQueueReader(PrometheusApi prometheus) {
    this.prometheus = prometheus;
  }

  public String describe() {
    return prometheus.describe();
  }

  /** Whether Prometheus can hold this queue's metrics at all (Kueue LocalQueues: no). */
  public static boolean covers(BatchQueue q) {
    return q.scheduler() == Scheduler.VOLCANO || "ClusterQueue".equals(q.kind());
  }

  /**
   * The queue's series over {@code from..to} at {@code step}; no points when Prometheus holds none
   * of them.
   *
   * @throws dev.fleetscope.services.metrics.PrometheusException when Prometheus cannot be read
   */
  public QueueTimeline read(BatchQueue q, Instant from, Instant to, Duration step) {
    Range r = new Range(q.cluster(), from, to, step);
    List<TimeSeries> workloads = new ArrayList<>();
    List<TimeSeries> gpus = new ArrayList<>();
    String gpu = ",resource=" + Selector.quote(BatchQueueReader.GPU) + "}";
    if (q.scheduler() == Scheduler.VOLCANO) {
      String sel = "{queue_name=" + Selector.quote(q.name());
      for (String state : List.of("pending", "inqueue", "running")) {
        workloads.add(r.sum(state, "", "volcano_queue_pod_group_" + state + "_count" + sel + "}"));
      }
      String used = "volcano_queue_allocated_scalar_resources" + sel + gpu;
      String quota = "volcano_queue_deserved_scalar_resources" + sel + gpu;
      gpus.add(r.sum("GPUs used", "GPUs", used + " / 1000"));
      gpus.add(r.sum("GPU quota", "GPUs", quota + " / 1000"));
    } else if (covers(q)) {
      String sel = "{cluster_queue=" + Selector.quote(q.name());
      // kueue_pending_workloads splits by status: "active" ones are tried for admission,
      // "inadmissible" ones cannot be admitted as things stand; pending is both.
      workloads.add(r.sum("pending", "", "kueue_pending_workloads" + sel + "}"));
      workloads.add(
          r.sum("inadmissible", "", "kueue_pending_workloads" + sel + ",status=\"inadmissible\"}"));
      workloads.add(r.sum("reserving", "", "kueue_reserving_active_workloads" + sel + "}"));
      workloads.add(r.sum("admitted", "", "kueue_admitted_active_workloads" + sel + "}"));
      gpus.add(r.sum("GPUs used", "GPUs", "kueue_cluster_queue_resource_usage" + sel + gpu));
      gpus.add(r.sum("GPU quota", "GPUs", "kueue_cluster_queue_nominal_quota" + sel + gpu));
    }
    String note = "";
    boolean noGpus = gpus.stream().allMatch(s -> s.size() == 0);
    boolean someWorkloads = workloads.stream().anyMatch(s -> s.size() > 0);
    if (q.scheduler() == Scheduler.KUEUE && noGpus && someWorkloads) {
      note =
          "No GPU series: Kueue exports them when its configuration sets"
              + " metrics.enableClusterQueueResources.";
    }
    return new QueueTimeline(QueueTimeline.key(q), workloads, gpus, prometheus.describe(), note);
  }

  /** The window read, and the cluster whose series are taken. */
  private final class Range {
    private final String cluster;
    private final Instant from;
    private final Instant to;
    private final Duration step;

    Range(String cluster, Instant from, Instant to, Duration step) {
      this.cluster = cluster;
      this.from = from;
      this.to = to;
      this.step = step;
    }

    /**
     * {@code sum by (cluster) (EXPR)}: the series of this cluster, else the one with no cluster
     * label, else none (no points).
     */
    TimeSeries sum(String name, String unit, String expr) {
      String promql = "sum by (cluster) (" + expr + ")";
      PromSeries mine = null;
      PromSeries unlabelled = null;
      for (PromSeries s : prometheus.range(promql, from, to, step).data()) {
        String c = s.labels().getOrDefault("cluster", "");
        if (c.equals(cluster)) {
          mine = s;
        } else if (c.isEmpty()) {
          unlabelled = s;
        }
      }
      PromSeries s = mine != null ? mine : unlabelled;
      return s == null
          ? new TimeSeries(name, unit, new long[0], new double[0])
          : new TimeSeries(name, unit, s.timesMillis(), s.values());
    }
  }
}
