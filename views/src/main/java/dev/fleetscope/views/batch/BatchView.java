package dev.fleetscope.views.batch;

import dev.fleetscope.services.batch.BatchJob;
import dev.fleetscope.services.batch.BatchQueue;
import dev.fleetscope.services.batch.Figure;
import dev.fleetscope.services.batch.QueueTimeline;
import dev.fleetscope.services.batch.Saturation;
import dev.fleetscope.services.metrics.TimeSeries;
import dev.fleetscope.views.common.PulseCoalescer;
import dev.fleetscope.views.shell.SectionView;
import dev.fleetscope.views.widgets.Badge;
import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import dev.fleetscope.views.widgets.TimeChart;
import dev.fleetscope.views.widgets.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The batch scheduler section: every serving replica's batching (running and waiting requests, KV
 * cache, preemptions, batch size, queue/prefill/decode time, token rates) with the saturated ones
 * first and the reason spelled out; timelines of the replica in focus; and the cluster batch queues
 * (Kueue, Volcano) with why each waiting job waits.
 */
public final class BatchView implements SectionView {
  private final BatchViewModel model;
  private final BorderPane root = new BorderPane();
  private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
  private final DataTable<ReplicaRow> replicas;
  private final DataTable<ModelRow> models;
  private final DataTable<BatchQueue> queues;
  private final DataTable<BatchJob> jobs;
  private final TabPane tabs = new TabPane();
  private final Label detailTitle = new Label("Select a replica");
  private final Label verdict = new Label();
  private final Label facts = new Label();
  private final TimeChart requests;
  private final TimeChart kvCache;
  private final TimeChart preemptions;
  private final TimeChart tokens;
  private final Label queueTitle = new Label("Select a queue to see its timeline");
  private final Label queueNote = new Label();
  private final TimeChart queueWorkloads;
  private final TimeChart queueGpus;
  private final Runnable unregister;

  public BatchView(BatchViewModel model, PulseCoalescer pulse, Executor io) {
    this.model = model;
    root.setId("batch-section");
    Button refresh = new Button("Refresh");
    refresh.setOnAction(e -> model.refresh());
    Label summary = new Label();
    summary.setId("batch-summary");
    summary.textProperty().bind(model.summaryProperty());
    HBox bar = new HBox(10, refresh, summary);
    bar.setAlignment(Pos.CENTER_LEFT);
    Label problems =
        dev.fleetscope.views.widgets.ProblemLine.of("batch-problems", model.problemsProperty());
    VBox top = new VBox(6, bar, problems);
    top.setPadding(new Insets(0, 0, 6, 0));

    replicas =
        new DataTable<>(
            "Inference replicas",
            List.of(
                Column.badge("State", ReplicaRow::badge, 95),
                Column.text("Cluster", r -> r.key().cluster(), 110),
                Column.text("Pod", r -> r.key().pod(), 215),
                Column.text("Model", ReplicaRow::model, 165),
                Column.number("Running", r -> r.figure(Figure.RUNNING), 72),
                Column.number("Waiting", r -> r.figure(Figure.WAITING), 72),
                Column.spark("Waiting trend", ReplicaRow::waitingSpark, 125),
                Column.number("KV %", r -> r.figure(Figure.KV_CACHE), 62),
                Column.spark("KV trend", ReplicaRow::kvSpark, 125),
                Column.number("Preempt/s", r -> r.figure(Figure.PREEMPTIONS), 85),
                Column.number("Gen tok/s", r -> r.figure(Figure.GENERATION_RATE), 85),
                Column.text("Why", ReplicaRow::reason, 560),
                Column.text("Namespace", r -> r.key().namespace(), 110),
                Column.text("Engine", ReplicaRow::engine, 60),
                Column.number("Tok/iter", r -> r.figure(Figure.BATCH_TOKENS), 62),
                Column.number("Queue s", r -> r.figure(Figure.QUEUE_TIME), 62),
                Column.number("Prefill s", r -> r.figure(Figure.PREFILL_TIME), 62),
                Column.number("Decode s", r -> r.figure(Figure.DECODE_TIME), 62),
                Column.number("Prompt tok/s", r -> r.figure(Figure.PROMPT_RATE), 80)),
            ReplicaRow::key,
            io);
    replicas.setId("batch-replicas");
    replicas.scrollSideways();
    replicas.setPlaceholder("No serving replicas found");
    replicas
        .tableView()
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, a, r) -> {
              if (r != null && r != model.selectedProperty().get()) {
                model.select(r);
              }
            });

    requests = chart("Requests: running and waiting", io, "%.0f");
    requests.setMinStep(1);
    kvCache = chart("KV cache use (%)", io, "%.0f%%");
    kvCache.setThresholds(
        List.of(new TimeChart.Threshold(Saturation.KV_FULL * 100, "full from here")));
    preemptions = chart("Preemptions per second", io, "%.2f");
    tokens = chart("Tokens per second: prompt and generated", io, "%.0f");
    GridPane charts = new GridPane();
    charts.setHgap(10);
    charts.setVgap(10);
    charts.add(requests, 0, 0);
    charts.add(kvCache, 1, 0);
    charts.add(preemptions, 0, 1);
    charts.add(tokens, 1, 1);
    for (TimeChart c : List.of(requests, kvCache, preemptions, tokens)) {
      GridPane.setHgrow(c, Priority.ALWAYS);
      GridPane.setVgrow(c, Priority.ALWAYS);
      c.setMinHeight(120);
      c.setPrefHeight(160);
    }
    detailTitle.setId("batch-detail-title");
    detailTitle.getStyleClass().add("title-4");
    verdict.setId("batch-verdict");
    verdict.getStyleClass().add("batch-verdict");
    facts.setId("batch-facts");
    facts.getStyleClass().add("text-muted");
    facts.setWrapText(true);
    VBox detail = new VBox(6, detailTitle, verdict, facts, charts);
    VBox.setVgrow(charts, Priority.ALWAYS);
    detail.setPadding(new Insets(6, 0, 0, 0));
    SplitPane replicaSplit = new SplitPane(replicas, detail);
    replicaSplit.setOrientation(Orientation.VERTICAL);
    replicaSplit.setDividerPositions(0.5);

    queues =
        new DataTable<>(
            "Queues",
            List.of(
                Column.text("Scheduler", q -> q.scheduler().toString(), 75),
                Column.text("Cluster", BatchQueue::cluster, 105),
                Column.text("Kind", BatchQueue::kind, 90),
                Column.text(
                    "Queue",
                    q -> q.namespace().isEmpty() ? q.name() : q.namespace() + "/" + q.name(),
                    180),
                Column.text("Cohort / parent", BatchQueue::parent, 120),
                Column.text("State", BatchQueue::state, 70),
                Column.number("Pending", BatchQueue::pending, 65),
                Column.number("Reserving", BatchQueue::reserving, 70),
                Column.number("Admitted", BatchQueue::admitted, 70),
                Column.usage("GPUs used / quota", BatchView::gpuUsage, 150),
                Column.text("Borrowed", q -> gpus(q.gpuBorrowed()), 70),
                Column.text("Borrow limit", q -> gpus(q.gpuBorrowLimit()), 85),
                Column.text("Flavors", BatchQueue::flavors, 100)),
            QueueTimeline::key,
            io);
    queues.setId("batch-queues");
    queues.setPlaceholder("No batch queues: neither Kueue nor Volcano is installed");
    jobs =
        new DataTable<>(
            "Jobs (Kueue workloads, Volcano pod groups)",
            List.of(
                Column.badge("State", BatchView::jobBadge, 110),
                Column.text("Cluster", BatchJob::cluster, 105),
                Column.text("Job", j -> j.namespace() + "/" + j.name(), 240),
                Column.text("Queue", BatchJob::queue, 110),
                Column.text("ClusterQueue", BatchJob::clusterQueue, 110),
                Column.number("GPUs", BatchJob::gpus, 50),
                Column.number("Priority", BatchJob::priority, 60),
                Column.text("Waiting since", j -> since(j.since()), 90),
                Column.text("Reason", BatchJob::reason, 140),
                Column.text("Message", BatchJob::message, 520)),
            j -> j.cluster() + "/" + j.scheduler() + "/" + j.namespace() + "/" + j.name(),
            io);
    jobs.setId("batch-jobs");
    jobs.scrollSideways();
    jobs.setPlaceholder("No jobs");
    Label queueSummary = new Label();
    queueSummary.setId("batch-queue-summary");
    queueSummary.setWrapText(true);
    queueSummary.textProperty().bind(model.queueSummaryProperty());
    queues
        .tableView()
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, a, q) -> {
              if (q != null) {
                model.selectQueue(q);
              }
            });
    queueWorkloads = chart("Workloads", io, "%.0f");
    queueWorkloads.setEmptyText("No points yet");
    queueWorkloads.setMinStep(1);
    queueGpus = chart("GPUs", io, "%.0f");
    queueGpus.setEmptyText("No points yet");
    queueGpus.setMinStep(1);
    queueTitle.setId("batch-queue-title");
    queueTitle.getStyleClass().add("title-4");
    queueNote.setId("batch-queue-note");
    queueNote.getStyleClass().add("text-muted");
    queueNote.setWrapText(true);
    queueNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    HBox queueCharts = new HBox(10, queueWorkloads, queueGpus);
    HBox.setHgrow(queueWorkloads, Priority.ALWAYS);
    HBox.setHgrow(queueGpus, Priority.ALWAYS);
    for (TimeChart c : List.of(queueWorkloads, queueGpus)) {
      c.setMinHeight(110);
      c.setPrefHeight(150);
      c.setMaxWidth(Double.MAX_VALUE);
    }
    VBox queueDetail = new VBox(4, queueTitle, queueNote, queueCharts);
    VBox.setVgrow(queueCharts, Priority.ALWAYS);
    queueDetail.setPadding(new Insets(6, 0, 6, 0));
    SplitPane queueSplit = new SplitPane(queues, queueDetail, jobs);
    queueSplit.setOrientation(Orientation.VERTICAL);
    queueSplit.setDividerPositions(0.33, 0.62);
    VBox queuePane = new VBox(6, queueSummary, queueSplit);
    VBox.setVgrow(queueSplit, Priority.ALWAYS);
    queuePane.setPadding(new Insets(6, 0, 0, 0));

    models =
        new DataTable<>(
            "Models",
            List.of(
                Column.badge("State", ModelRow::badge, 110),
                Column.text("Cluster", ModelRow::cluster, 125),
                Column.text("Model", ModelRow::model, 290),
                Column.text("Engine", ModelRow::engine, 75),
                Column.number("Replicas", ModelRow::replicas, 90),
                Column.number("Running", ModelRow::running, 90),
                Column.number("Waiting", ModelRow::waiting, 90),
                Column.number("KV % mean", ModelRow::kvMean, 105),
                Column.number("KV % max", ModelRow::kvMax, 100),
                Column.number("Preempt/s", ModelRow::preemptions, 100),
                Column.number("Gen tok/s", ModelRow::generated, 100),
                Column.text("Worst replica", ModelRow::worst, 520)),
            ModelRow::key,
            io);
    models.setId("batch-models");
    models.scrollSideways();
    models.setPlaceholder("No serving replicas found");
    // Enter or a double click on a model shows its replicas (the replica filter, Esc clears it).
    models
        .tableView()
        .setOnMouseClicked(
            e -> {
              if (e.getClickCount() == 2) {
                showReplicasOf(models.tableView().getSelectionModel().getSelectedItem());
              }
            });
    models
        .tableView()
        .addEventHandler(
            javafx.scene.input.KeyEvent.KEY_PRESSED,
            e -> {
              if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                showReplicasOf(models.tableView().getSelectionModel().getSelectedItem());
                e.consume();
              }
            });
    Label modelsHint = new Label("Enter or double-click a model to see its replicas.");
    modelsHint.getStyleClass().add("text-muted");
    VBox modelPane = new VBox(6, models, modelsHint);
    VBox.setVgrow(models, Priority.ALWAYS);
    modelPane.setPadding(new Insets(6, 0, 0, 0));

    Tab replicaTab = new Tab("Inference replicas", replicaSplit);
    replicaTab.setId("replicas");
    Tab modelTab = new Tab("Models", modelPane);
    modelTab.setId("models");
    Tab queueTab = new Tab("Batch queues", queuePane);
    queueTab.setId("queues");
    tabs.getTabs().addAll(replicaTab, modelTab, queueTab);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    root.setTop(top);
    root.setCenter(tabs);
    root.setPadding(new Insets(10));

    model.replicasProperty().addListener((o, a, rows) -> replicas.setRows(rows));
    model.modelsProperty().addListener((o, a, rows) -> models.setRows(rows));
    model.queuesProperty().addListener((o, a, rows) -> queues.setRows(rows));
    model.jobsProperty().addListener((o, a, rows) -> jobs.setRows(rows));
    model.selectedProperty().addListener((o, a, r) -> showDetail(r));
    model.timelinesProperty().addListener((o, a, t) -> showTimelines(t));
    model.queueTimelineProperty().addListener((o, a, t) -> showQueueTimeline(t));
    model
        .selectedQueueProperty()
        .addListener(
            (o, a, q) -> {
              queueTitle.setText(q == null ? "Select a queue to see its timeline" : title(q));
              if (q != null && a == null && queues.tableView().getSelectionModel().isEmpty()) {
                queues.tableView().getSelectionModel().select(q);
              }
            });
    unregister =
        pulse.register(
            () -> {
              model.drain();
              if (model.loaded()) {
                loaded.set(true);
              }
            });
  }

  private static TimeChart chart(String title, Executor io, String format) {
    TimeChart c = new TimeChart(title, io);
    c.setFormat(v -> String.format(Locale.ROOT, format, v));
    c.setIncludeZero(true);
    c.setEmptyText("No data yet: rates need two scrapes");
    return c;
  }

  private void showDetail(ReplicaRow r) {
    verdict.getStyleClass().removeAll("saturated", "warning");
    if (r == null) {
      detailTitle.setText("Select a replica");
      verdict.setText("");
      return;
    }
    detailTitle.setText(
        r.key() + (r.model().isEmpty() ? "" : "  ·  " + r.model()) + "  ·  " + r.engine());
    facts.setText(facts(r));
    String reason = r.reason();
    verdict.setText(
        reason.isEmpty() ? "Batching has room: nothing waits, KV cache below 90%." : reason);
    if (r.state() != null && r.failure().isEmpty()) {
      switch (r.state().verdict().level()) {
        case SATURATED -> verdict.getStyleClass().add("saturated");
        case WARNING -> verdict.getStyleClass().add("warning");
        default -> {}
      }
    } else {
      verdict.getStyleClass().add("saturated");
    }
    if (replicas.tableView().getSelectionModel().getSelectedItem() != r) {
      replicas.tableView().getSelectionModel().select(r);
    }
  }

  private void showTimelines(BatchViewModel.Timelines t) {
    if (t == null) {
      for (TimeChart c : charts()) {
        c.setSeries(List.of(), Instant.EPOCH, Instant.EPOCH.plusSeconds(1));
      }
      return;
    }
    Instant[] span = span(List.of(t.requests(), t.kvCache(), t.preemptions(), t.tokens()));
    requests.setSeries(t.requests(), span[0], span[1]);
    kvCache.setSeries(t.kvCache(), span[0], span[1]);
    preemptions.setSeries(t.preemptions(), span[0], span[1]);
    tokens.setSeries(t.tokens(), span[0], span[1]);
  }

  private static String title(BatchQueue q) {
    return q.scheduler()
        + " "
        + q.kind()
        + " "
        + (q.namespace().isEmpty() ? q.name() : q.namespace() + "/" + q.name())
        + "  ·  "
        + q.cluster();
  }

  private void showQueueTimeline(QueueTimeline t) {
    if (t == null) {
      queueNote.setText(model.selectedQueueProperty().get() == null ? "" : "Reading…");
      queueWorkloads.setSeries(List.of(), Instant.EPOCH, Instant.EPOCH.plusSeconds(1));
      queueGpus.setSeries(List.of(), Instant.EPOCH, Instant.EPOCH.plusSeconds(1));
      return;
    }
    queueNote.setText("From " + t.source() + (t.note().isEmpty() ? "." : ". " + t.note()));
    Instant[] span = span(List.of(t.workloads(), t.gpus()));
    queueWorkloads.setSeries(t.workloads(), span[0], span[1]);
    queueGpus.setSeries(t.gpus(), span[0], span[1]);
  }

  /** The time all the series span; a minimal span where they have at most one point. */
  static Instant[] span(List<List<TimeSeries>> all) {
    Instant from = null;
    Instant to = null;
    for (List<TimeSeries> group : all) {
      for (TimeSeries s : group) {
        if (s.size() > 0) {
          Instant a = Instant.ofEpochMilli(s.timesMillis()[0]);
          Instant b = Instant.ofEpochMilli(s.timesMillis()[s.size() - 1]);
          from = from == null || a.isBefore(from) ? a : from;
          to = to == null || b.isAfter(to) ? b : to;
        }
      }
    }
    if (from == null) {
      from = Instant.EPOCH;
      to = Instant.EPOCH.plusSeconds(1);
    } else if (!to.isAfter(from)) {
      to = from.plus(Duration.ofSeconds(15));
    }
    return new Instant[] {from, to};
  }

  /** Every figure of a replica in one line (the table shows the main ones). */
  static String facts(ReplicaRow r) {
    if (r.state() == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (Figure f : Figure.values()) {
      Double v = r.figure(f);
      if (v != null) {
        String unit = f.unit().equals("%") || f.unit().startsWith("/") ? f.unit() : " " + f.unit();
        parts.add(f.title() + " " + String.format(Locale.ROOT, "%s", trim(v)) + unit);
      }
    }
    return String.join("  ·  ", parts);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : Double.toString(v);
  }

  static Usage gpuUsage(BatchQueue q) {
    if (Double.isNaN(q.gpuNominal()) && Double.isNaN(q.gpuUsed())) {
      return null;
    }
    long used = Double.isNaN(q.gpuUsed()) ? 0 : Math.round(q.gpuUsed());
    long total = Double.isNaN(q.gpuNominal()) ? 0 : Math.round(q.gpuNominal());
    return Usage.load(used, total);
  }

  private static String gpus(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.0f", v);
  }

  static Badge jobBadge(BatchJob j) {
    Badge.Severity s =
        switch (j.state()) {
          case PREEMPTED, EVICTED -> Badge.Severity.DANGER;
          case PENDING, QUOTA_RESERVED, INQUEUE -> Badge.Severity.WARNING;
          case ADMITTED, RUNNING -> Badge.Severity.OK;
          default -> Badge.Severity.INFO;
        };
    return new Badge(j.state().toString(), s);
  }

  private static String since(Instant t) {
    if (t == null) {
      return "";
    }
    return dev.fleetscope.views.common.Ages.ago(t, Instant.now());
  }

  /** Test hook: the charts of the queue in focus (workloads, GPUs). */
  public List<TimeChart> queueCharts() {
    return List.of(queueWorkloads, queueGpus);
  }

  public Label queueNoteLabel() {
    return queueNote;
  }

  /** Test hook: the charts of the replica in focus. */
  public List<TimeChart> charts() {
    return new ArrayList<>(List.of(requests, kvCache, preemptions, tokens));
  }

  public DataTable<ModelRow> modelsTable() {
    return models;
  }

  public DataTable<ReplicaRow> replicasTable() {
    return replicas;
  }

  public DataTable<BatchQueue> queuesTable() {
    return queues;
  }

  public DataTable<BatchJob> jobsTable() {
    return jobs;
  }

  public Label verdictLabel() {
    return verdict;
  }

  @Override
  public Node node() {
    return root;
  }

  @Override
  public ObservableBooleanValue loaded() {
    return loaded.getReadOnlyProperty();
  }

  @Override
  public void focusSearch() {
    int tab = tabs.getSelectionModel().getSelectedIndex();
    if (tab == 1) {
      models.focusSearch();
    } else if (tab == 2) {
      queues.focusSearch();
    } else {
      replicas.focusSearch();
    }
  }

  @Override
  public List<String> subViews() {
    return List.of("replicas", "models", "queues");
  }

  @Override
  public void showSubView(String name) {
    tabs.getSelectionModel().select(Math.max(0, subViews().indexOf(name)));
  }

  /** The replicas tab, filtered to one model's replicas. */
  private void showReplicasOf(ModelRow m) {
    if (m == null) {
      return;
    }
    replicas
        .searchField()
        .setText(m.model().equals("(unnamed)") ? m.cluster() : m.cluster() + " " + m.model());
    tabs.getSelectionModel().select(0);
  }

  @Override
  public void close() {
    unregister.run();
    model.close();
  }
}
