package dev.fleetscope.views.batch;

import dev.fleetscope.services.batch.BatchBoard;
import dev.fleetscope.services.batch.BatchJob;
import dev.fleetscope.services.batch.BatchQueue;
import dev.fleetscope.services.batch.Figure;
import dev.fleetscope.services.batch.QueueScan;
import dev.fleetscope.services.batch.QueueTimeline;
import dev.fleetscope.services.batch.ReplicaHistory;
import dev.fleetscope.services.batch.ReplicaKey;
import dev.fleetscope.services.batch.ReplicaState;
import dev.fleetscope.services.batch.Saturation;
import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.metrics.TimeSeries;
import dev.fleetscope.views.common.Dirty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The batch section's state: replica rows (most urgent first), queue and job rows, the summary
 * line, and the timelines of the replica in focus. Board changes mark it dirty on any thread; the
 * view drains it once per pulse on the FX thread.
 */
public final class BatchViewModel implements AutoCloseable {
  /** A replica's timelines: requests, KV cache, preemptions and token rates. */
  public record Timelines(
      ReplicaKey key,
      List<TimeSeries> requests,
      List<TimeSeries> kvCache,
      List<TimeSeries> preemptions,
      List<TimeSeries> tokens) {}

  private final BatchSource source;
  private final java.util.concurrent.Executor io;
  private final Dirty dirty = new Dirty();
  private final Dirty timelineIn = new Dirty();
  private final ObjectProperty<BatchQueue> selectedQueue = new SimpleObjectProperty<>();
  private final ObjectProperty<QueueTimeline> queueTimeline = new SimpleObjectProperty<>();
  private final java.util.concurrent.atomic.AtomicReference<QueueTimeline> arrived =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicBoolean loadingQueue =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Subscription subscription;
  private final ObjectProperty<List<ReplicaRow>> replicas = new SimpleObjectProperty<>(List.of());
  private final ObjectProperty<List<ModelRow>> models = new SimpleObjectProperty<>(List.of());
  private final ObjectProperty<List<BatchQueue>> queues = new SimpleObjectProperty<>(List.of());
  private final ObjectProperty<List<BatchJob>> jobs = new SimpleObjectProperty<>(List.of());
  private final ObjectProperty<ReplicaRow> selected = new SimpleObjectProperty<>();
  private final ObjectProperty<Timelines> timelines = new SimpleObjectProperty<>();
  private final StringProperty summary = new SimpleStringProperty("Reading replicas and queues…");
  private final StringProperty queueSummary = new SimpleStringProperty("");
  private final StringProperty problems = new SimpleStringProperty("");
  private boolean loaded;

  /**
   * @param io where a queue's timeline is read (it may query Prometheus)
   */
  public BatchViewModel(BatchSource source, java.util.concurrent.Executor io) {
    this.source = source;
    this.io = io;
    this.subscription = source.subscribe(dirty::mark);
    dirty.mark();
  }

  /** On the FX thread, once per pulse: applies the latest board if it changed. */
  public void drain() {
    if (timelineIn.consume()) {
      QueueTimeline t = arrived.get();
      BatchQueue q = selectedQueue.get();
      if (t != null && q != null && t.queue().equals(QueueTimeline.key(q))) {
        queueTimeline.set(t);
      }
    }
    if (!dirty.consume()) {
      return;
    }
    apply(source.board());
  }

  /** Shows a queue's timelines (null: none); they are read in the background. */
  public void selectQueue(BatchQueue q) {
    BatchQueue was = selectedQueue.get();
    selectedQueue.set(q);
    if (q == null) {
      queueTimeline.set(null);
      return;
    }
    if (was == null || !QueueTimeline.key(was).equals(QueueTimeline.key(q))) {
      queueTimeline.set(null);
      loadingQueue.set(false);
    }
    loadQueueTimeline(q);
  }

  /** Reads the queue's timeline unless a read of it is under way already. */
  private void loadQueueTimeline(BatchQueue q) {
    if (!loadingQueue.compareAndSet(false, true)) {
      return;
    }
    String key = QueueTimeline.key(q);
    io.execute(
        () -> {
          QueueTimeline t;
          try {
            t = source.queueTimeline(q);
          } catch (RuntimeException e) {
            t = new QueueTimeline(key, List.of(), List.of(), "", "Cannot read: " + e.getMessage());
          } finally {
            loadingQueue.set(false);
          }
          arrived.set(t);
          timelineIn.mark();
        });
  }

  void apply(BatchBoard board) {
    List<ReplicaRow> rows = new ArrayList<>();
    Set<ReplicaKey> seen = new LinkedHashSet<>();
    for (ReplicaState s : board.replicas()) {
      rows.add(new ReplicaRow(s.key(), s, board.failures().getOrDefault(s.key(), "")));
      seen.add(s.key());
    }
    board
        .failures()
        .forEach(
            (k, why) -> {
              if (!seen.contains(k)) {
                rows.add(new ReplicaRow(k, null, why));
              }
            });
    rows.sort(Comparator.comparingInt(ReplicaRow::urgency).thenComparing(ReplicaRow::key));
    replicas.set(List.copyOf(rows));
    models.set(ModelRow.of(rows));
    List<BatchQueue> q = new ArrayList<>();
    List<BatchJob> j = new ArrayList<>();
    for (QueueScan scan : board.queues()) {
      q.addAll(scan.queues());
      j.addAll(scan.jobs());
    }
    j.sort(
        Comparator.comparing((BatchJob b) -> !b.state().waiting())
            .thenComparing(BatchJob::cluster)
            .thenComparing(BatchJob::namespace)
            .thenComparing(BatchJob::name));
    queues.set(List.copyOf(q));
    jobs.set(List.copyOf(j));
    summary.set(summarise(board, rows));
    queueSummary.set(summariseQueues(board));
    problems.set(String.join("\n", board.problems()));
    ReplicaRow focus = selected.get();
    if (focus != null) {
      ReplicaRow again =
          rows.stream().filter(r -> r.key().equals(focus.key())).findFirst().orElse(null);
      selected.set(again);
      loadTimelines(again);
    } else if (!rows.isEmpty() && rows.get(0).state() != null) {
      select(rows.get(0));
    }
    BatchQueue queueFocus = selectedQueue.get();
    if (queueFocus != null) {
      String key = QueueTimeline.key(queueFocus);
      BatchQueue again =
          q.stream().filter(x -> QueueTimeline.key(x).equals(key)).findFirst().orElse(null);
      if (again != null) {
        selectedQueue.set(again);
        loadQueueTimeline(again);
      }
    } else if (!q.isEmpty()) {
      // The queue with the most work waiting is the one a reader wants to see first.
      selectQueue(
          q.stream()
              .max(
                  Comparator.comparingInt(BatchQueue::pending)
                      .thenComparing(x -> "ClusterQueue".equals(x.kind()) ? 1 : 0))
              .orElseThrow());
    }
    if (board.read()) {
      loaded = true;
    }
  }

  static String summarise(BatchBoard board, List<ReplicaRow> rows) {
    if (!board.read()) {
      return "Reading replicas and queues from " + board.replicaSource() + "…";
    }
    Map<Saturation.Level, Long> levels = new HashMap<>();
    Map<String, Long> bounds = new HashMap<>();
    for (ReplicaRow r : rows) {
      if (r.state() != null) {
        Saturation.Verdict v = r.state().verdict();
        levels.merge(v.level(), 1L, Long::sum);
        if (v.level() == Saturation.Level.SATURATED) {
          bounds.merge(v.bound(), 1L, Long::sum);
        }
      }
    }
    StringBuilder s = new StringBuilder();
    s.append(rows.size()).append(rows.size() == 1 ? " replica" : " replicas");
    long sat = levels.getOrDefault(Saturation.Level.SATURATED, 0L);
    s.append(" · ").append(sat).append(" saturated");
    if (!bounds.isEmpty()) {
      s.append(" (")
          .append(
              bounds.entrySet().stream()
                  .sorted(Map.Entry.comparingByKey())
                  .map(e -> e.getValue() + " " + e.getKey() + "-bound")
                  .collect(Collectors.joining(", ")))
          .append(")");
    }
    s.append(" · ").append(levels.getOrDefault(Saturation.Level.WARNING, 0L)).append(" warnings");
    if (!board.failures().isEmpty()) {
      s.append(" · ").append(board.failures().size()).append(" scrapes failed");
    }
    s.append(" · from ").append(board.replicaSource());
    return s.toString();
  }

  static String summariseQueues(BatchBoard board) {
    if (!board.read() && board.queues().isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (QueueScan scan : board.queues()) {
      List<String> schedulers = new ArrayList<>();
      if (!scan.kueueVersion().isEmpty()) {
        schedulers.add("Kueue " + scan.kueueVersion());
      }
      if (scan.volcano()) {
        schedulers.add("Volcano");
      }
      long pending = scan.jobs().stream().filter(j -> j.state().waiting()).count();
      parts.add(
          scan.cluster()
              + ": "
              + (schedulers.isEmpty()
                  ? "no batch scheduler installed (neither Kueue nor Volcano)"
                  : String.join(" + ", schedulers)
                      + ", "
                      + scan.jobs().size()
                      + " jobs, "
                      + pending
                      + " waiting"));
    }
    return parts.isEmpty() ? "No cluster connected" : String.join("   ·   ", parts);
  }

  public void select(ReplicaRow row) {
    selected.set(row);
    loadTimelines(row);
  }

  private void loadTimelines(ReplicaRow row) {
    if (row == null) {
      timelines.set(null);
      return;
    }
    ReplicaHistory h = source.history(row.key()).orElse(null);
    if (h == null) {
      timelines.set(new Timelines(row.key(), List.of(), List.of(), List.of(), List.of()));
      return;
    }
    timelines.set(
        new Timelines(
            row.key(),
            List.of(h.series(Figure.RUNNING, "running"), h.series(Figure.WAITING, "waiting")),
            List.of(h.series(Figure.KV_CACHE, "KV cache")),
            List.of(h.series(Figure.PREEMPTIONS, "preemptions")),
            List.of(
                h.series(Figure.PROMPT_RATE, "prompt tokens"),
                h.series(Figure.GENERATION_RATE, "generated tokens"))));
  }

  public void refresh() {
    source.refreshNow();
  }

  public boolean loaded() {
    return loaded;
  }

  public ObjectProperty<List<ReplicaRow>> replicasProperty() {
    return replicas;
  }

  /** One row per model and cluster, saturated ones first. */
  public ObjectProperty<List<ModelRow>> modelsProperty() {
    return models;
  }

  public ObjectProperty<List<BatchQueue>> queuesProperty() {
    return queues;
  }

  public ObjectProperty<List<BatchJob>> jobsProperty() {
    return jobs;
  }

  public ObjectProperty<ReplicaRow> selectedProperty() {
    return selected;
  }

  /** The queue in focus in the queues table. */
  public ObjectProperty<BatchQueue> selectedQueueProperty() {
    return selectedQueue;
  }

  /** The timelines of the queue in focus; null while they are read. */
  public ObjectProperty<QueueTimeline> queueTimelineProperty() {
    return queueTimeline;
  }

  public ObjectProperty<Timelines> timelinesProperty() {
    return timelines;
  }

  public StringProperty summaryProperty() {
    return summary;
  }

  public StringProperty queueSummaryProperty() {
    return queueSummary;
  }

  public StringProperty problemsProperty() {
    return problems;
  }

  @Override
  public void close() {
    subscription.close();
  }
}
