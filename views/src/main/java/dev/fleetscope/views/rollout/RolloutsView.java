package dev.fleetscope.views.rollout;

import dev.fleetscope.services.rollout.AnalysisRun;
import dev.fleetscope.services.rollout.CanaryReport;
import dev.fleetscope.services.rollout.CanaryStep;
import dev.fleetscope.services.rollout.Rollout;
import dev.fleetscope.services.rollout.RolloutActions;
import dev.fleetscope.services.rollout.RolloutOperator;
import dev.fleetscope.services.rollout.WatchedRelease;
import dev.fleetscope.services.rollout.judge.Classification;
import dev.fleetscope.services.rollout.judge.MetricJudgment;
import dev.fleetscope.views.common.PulseCoalescer;
import dev.fleetscope.views.shell.SectionView;
import dev.fleetscope.views.widgets.Badge;
import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Gray releases: every cluster's Argo Rollouts on the left; on the right the one in focus, its
 * steps with the current one marked, the traffic split, canary against stable with the judgment,
 * its analysis runs, and the actions (absent in read-only mode), each confirmed before it is sent.
 */
public final class RolloutsView implements SectionView {
  private final RolloutsViewModel model;
  private final BorderPane root = new BorderPane();
  private final SimpleBooleanProperty loaded = new SimpleBooleanProperty();
  private final DataTable<RolloutRow> list;
  private final DataTable<MetricJudgment> analysis;
  private final DataTable<AnalysisRun> runs;
  private final Label title = new Label("Select a rollout");
  private final Label phase = new Label();
  private final Label facts = new Label();
  private final ProgressBar weightBar = new ProgressBar(0);
  private final Label weightText = new Label();
  private final FlowPane steps = new FlowPane(6, 6);
  private final Label countdown = new Label();
  private final HBox actions = new HBox(8);
  private final VBox confirm = new VBox();
  private final TextArea confirmText = new TextArea();
  private final Button confirmButton = new Button("Confirm");
  private final Label actionStatus = new Label();
  private final Label verdict = new Label();
  private final Label burn = new Label();
  private final Runnable unregister;

  public RolloutsView(RolloutsViewModel model, PulseCoalescer pulse, Executor io) {
    this.model = model;
    root.setId("rollouts-section");
    Button refresh = new Button("Refresh");
    refresh.setOnAction(e -> model.refresh());
    Label summary = new Label();
    summary.setId("rollouts-summary");
    summary.textProperty().bind(model.summaryProperty());
    HBox bar = new HBox(10, refresh, summary);
    bar.setAlignment(Pos.CENTER_LEFT);
    model
        .canaryRegression()
        .ifPresent(
            sw -> {
              CheckBox regression = new CheckBox("Inject canary regression (DEMO)");
              regression.setId("demo-regression");
              regression.setSelected(sw.on());
              regression.setTooltip(
                  new Tooltip(
                      "The demo's canary pods answer with more 5xx and slower first tokens"));
              regression.selectedProperty().addListener((o, a, on) -> sw.set(on));
              HBox spacer = new HBox();
              HBox.setHgrow(spacer, Priority.ALWAYS);
              bar.getChildren().addAll(spacer, regression);
            });
    Label problems =
        dev.fleetscope.views.widgets.ProblemLine.of("rollouts-problems", model.problemsProperty());
    VBox top = new VBox(6, bar, problems);
    top.setPadding(new Insets(0, 0, 6, 0));

    list =
        new DataTable<>(
            "Rollouts",
            List.of(
                Column.badge("Phase", RolloutRow::phase, 95),
                Column.text("Cluster", r -> r.rollout().context(), 105),
                Column.text(
                    "Rollout", r -> r.rollout().namespace() + "/" + r.rollout().name(), 210),
                Column.text("Step", RolloutRow::step, 60),
                Column.text("Traffic", RolloutRow::weight, 160),
                Column.badge("Verdict", RolloutRow::verdict, 80),
                Column.text("Pods ready", RolloutRow::pods, 110)),
            RolloutRow::key,
            io);
    list.setId("rollouts-list");
    list.scrollSideways();
    list.setPlaceholder("No Argo Rollouts found");
    list.tableView()
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, a, r) -> {
              if (r != null
                  && (model.selectedProperty().get() == null
                      || !r.key().equals(model.selectedProperty().get().key()))) {
                model.select(r);
              }
            });

    analysis =
        new DataTable<>(
            "Canary vs stable",
            List.of(
                Column.text("Metric", j -> j.metric().name(), 120),
                Column.text("Stable", j -> j.metric().unit().format(j.stableMedian()), 80),
                Column.text("Canary", j -> j.metric().unit().format(j.canaryMedian()), 80),
                Column.text("Shift (98% interval)", RolloutsView::interval, 170),
                Column.badge("Class", RolloutsView::classBadge, 80),
                Column.text("Points", j -> j.stablePoints() + " / " + j.canaryPoints(), 70),
                Column.text("Why", MetricJudgment::explanation, 640)),
            j -> j.metric().name(),
            io);
    analysis.setId("rollout-analysis");
    analysis.scrollSideways();
    analysis.setPlaceholder("No canary in flight");
    analysis.setMinHeight(190);

    runs =
        new DataTable<>(
            "Analysis runs",
            List.of(
                Column.text("Run", AnalysisRun::name, 260),
                Column.text(
                    "Step", a -> a.step() < 0 ? "background" : Integer.toString(a.step() + 1), 70),
                Column.badge("Phase", RolloutsView::runBadge, 95),
                Column.text("Measurements", RolloutsView::measurements, 330),
                Column.text("Message", AnalysisRun::message, 420)),
            AnalysisRun::name,
            io);
    runs.setId("rollout-runs");
    runs.scrollSideways();
    runs.setPlaceholder("No analysis runs");
    runs.setMinHeight(150);

    title.getStyleClass().add("title-4");
    title.setId("rollout-title");
    phase.setId("rollout-phase");
    phase.setWrapText(true);
    facts.getStyleClass().add("text-muted");
    facts.setWrapText(true);
    weightBar.setPrefWidth(260);
    weightText.setId("rollout-weights");
    HBox weights = new HBox(10, weightBar, weightText);
    weights.getStyleClass().add("rollout-weights");
    weights.setAlignment(Pos.CENTER_LEFT);
    steps.setId("rollout-steps");
    countdown.setId("rollout-countdown");
    actions.setId("rollout-actions");
    actions.setAlignment(Pos.CENTER_LEFT);

    confirm.setId("confirm-pane");
    confirm.getStyleClass().add("rollout-confirm");
    Label confirmTitle = new Label("Confirm: this changes the cluster");
    confirmTitle.getStyleClass().add("title-4");
    confirmText.setId("confirm-text");
    confirmText.setEditable(false);
    confirmText.setWrapText(true);
    confirmText.setPrefRowCount(9);
    confirmButton.setId("confirm-action");
    confirmButton.getStyleClass().add("danger");
    confirmButton.setOnAction(e -> model.confirm());
    Button cancel = new Button("Cancel");
    cancel.setId("confirm-cancel");
    cancel.setCancelButton(true);
    cancel.setOnAction(e -> model.cancel());
    confirm.getChildren().addAll(confirmTitle, confirmText, new HBox(8, confirmButton, cancel));
    confirm.setVisible(false);
    confirm.managedProperty().bind(confirm.visibleProperty());

    actionStatus.setId("rollout-action-status");
    actionStatus.setWrapText(true);
    actionStatus.textProperty().bind(model.actionStatusProperty());
    verdict.setId("rollout-verdict");
    verdict.getStyleClass().add("rollout-verdict");
    burn.setId("rollout-burn");
    burn.getStyleClass().add("text-muted");
    burn.setWrapText(true);

    VBox detail =
        new VBox(
            8,
            title,
            phase,
            weights,
            steps,
            countdown,
            facts,
            actions,
            confirm,
            actionStatus,
            verdict,
            burn,
            analysis,
            runs);
    detail.setPadding(new Insets(0, 4, 0, 10));
    ScrollPane scroll = new ScrollPane(detail);
    scroll.setFitToWidth(true);
    DataTable<WatchedRelease> watched =
        new DataTable<>(
            "Watched releases (read-only: Flagger Canaries, Deployment pairs)",
            List.of(
                Column.text("Phase", WatchedRelease::phase, 105),
                Column.text("Source", w -> w.source().label(), 120),
                Column.text("Cluster", WatchedRelease::context, 105),
                Column.text("Release", w -> w.namespace() + "/" + w.name(), 190),
                Column.text("Canary", w -> w.canaryWeight() + "%", 65),
                Column.text("Failed checks", WatchedRelease::checks, 100),
                Column.text(
                    "Iterations",
                    w -> w.iterations() < 0 ? "" : Integer.toString(w.iterations()),
                    80),
                Column.text("Compares", WatchedRelease::detail, 300),
                Column.text("Message", WatchedRelease::message, 280)),
            WatchedRelease::key,
            io);
    watched.setId("rollouts-watched");
    watched.scrollSideways();
    watched
        .visibleProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> !model.watchedProperty().get().isEmpty(), model.watchedProperty()));
    watched.managedProperty().bind(watched.visibleProperty());
    watched.setPrefHeight(180);
    model.watchedProperty().addListener((o, a, w) -> watched.setRows(w));
    VBox left = new VBox(8, list, watched);
    VBox.setVgrow(list, javafx.scene.layout.Priority.ALWAYS);
    SplitPane split = new SplitPane(left, scroll);
    split.setOrientation(Orientation.HORIZONTAL);
    split.setDividerPositions(0.4);
    root.setTop(top);
    root.setCenter(split);
    root.setPadding(new Insets(10));

    model.rowsProperty().addListener((o, a, rows) -> list.setRows(rows));
    model.selectedProperty().addListener((o, a, r) -> showDetail(r));
    model.runsProperty().addListener((o, a, r) -> runs.setRows(r));
    model.pendingProperty().addListener((o, a, p) -> showConfirm(p));
    model.busyProperty().addListener((o, a, b) -> actions.setDisable(b));
    unregister =
        pulse.register(
            () -> {
              model.drain();
              if (model.loaded()) {
                loaded.set(true);
              }
            });
  }

  /** For tests: the view-model behind the view. */
  public RolloutsViewModel model() {
    return model;
  }

  /** The FX executor for the view-model's background results. */
  public static Executor fxThread() {
    return Platform::runLater;
  }

  private void showDetail(RolloutRow row) {
    if (row == null) {
      title.setText("Select a rollout");
      phase.setText("");
      steps.getChildren().clear();
      actions.getChildren().clear();
      analysis.setRows(List.of());
      verdict.setText("");
      return;
    }
    Rollout r = row.rollout();
    title.setText(r.name() + "  ·  " + r.context() + " / " + r.namespace());
    String message = r.shownMessage();
    phase.setText(r.shownPhase() + (message.isEmpty() ? "" : ": " + message));
    double w = r.updating() ? r.weights().canary() / 100.0 : 0;
    weightBar.setProgress(w);
    weightText.setText(
        r.updating()
            ? String.format(
                Locale.ROOT,
                "canary %d%% · stable %d%%  (%s)",
                r.weights().canary(),
                r.weights().stable(),
                r.weights().fromTrafficRouting() ? "traffic router" : "by pod count")
            : "stable 100% (no update in flight)");
    steps.getChildren().clear();
    int current = r.currentStepIndex() < 0 ? 0 : r.currentStepIndex();
    for (CanaryStep s : r.steps()) {
      Label l = new Label((s.index() + 1) + "  " + s.summary());
      l.getStyleClass().add("rollout-step");
      l.getStyleClass()
          .add(
              !r.updating() || s.index() < current
                  ? "done"
                  : s.index() == current ? "current" : "pending");
      steps.getChildren().add(l);
    }
    countdown.setText(
        r.pauseRemaining(
                model.nowProperty().get() == null
                    ? java.time.Instant.now()
                    : model.nowProperty().get())
            .map(d -> "Pause ends in " + minutesSeconds(d) + " unless promoted sooner")
            .orElse(
                r.paused()
                        && r.currentStep().map(x -> x.kind() == CanaryStep.Kind.PAUSE).orElse(false)
                    ? "Paused until someone promotes"
                    : ""));
    facts.setText(facts(r));
    showActions();
    showReport(row.report());
  }

  private static String facts(Rollout r) {
    List<String> f = new ArrayList<>();
    f.add("stable " + (r.stableHash() == null ? "–" : r.stableHash()));
    if (r.updating()) {
      f.add("canary " + r.canaryHash());
    }
    f.add(
        r.readyReplicas()
            + "/"
            + r.desiredReplicas()
            + " ready, "
            + r.updatedReplicas()
            + " updated");
    if (!r.pauseConditions().isEmpty()) {
      f.add(
          "pause: "
              + r.pauseConditions().stream()
                  .map(Rollout.PauseCondition::reason)
                  .collect(Collectors.joining(", ")));
    }
    if (r.specPaused()) {
      f.add("spec.paused");
    }
    if (r.controllerPause()) {
      f.add("controllerPause");
    }
    if (r.analysis() != null) {
      f.add("analysis " + r.analysis().name() + ": " + r.analysis().status());
    }
    f.add(
        "generation "
            + r.generation()
            + (r.statusTrusted() ? " (observed)" : " (not yet observed)"));
    return String.join("  ·  ", f);
  }

  private void showActions() {
    actions.getChildren().clear();
    if (model.readOnly()) {
      return; // read-only mode: actions do not exist
    }
    for (RolloutActions.Offer offer : model.offers()) {
      Button b = new Button(offer.action().label());
      b.setId("action-" + offer.action().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      if (offer.action() == dev.fleetscope.services.rollout.RolloutAction.ABORT) {
        b.getStyleClass().add("danger");
      }
      if (!offer.available()) {
        b.setDisable(true);
        Tooltip.install(b, new Tooltip(offer.unavailableBecause()));
      }
      b.setOnAction(e -> model.request(offer.action()));
      actions.getChildren().add(b);
    }
  }

  private void showConfirm(RolloutOperator.Prepared p) {
    confirm.setVisible(p != null);
    if (p != null) {
      confirmText.setText(p.summary());
      confirmButton.setText("Confirm " + p.plan().action().label().toLowerCase(Locale.ROOT));
      confirmButton.requestFocus();
    }
  }

  private void showReport(CanaryReport report) {
    verdict.getStyleClass().removeAll("pass", "marginal", "fail");
    if (report == null) {
      verdict.setText("");
      burn.setText("");
      analysis.setRows(List.of());
      return;
    }
    if (report.verdict() == null) {
      verdict.setText(report.problem() == null ? "" : report.problem());
      burn.setText("");
      analysis.setRows(List.of());
      return;
    }
    String score =
        Double.isNaN(report.verdict().score())
            ? ""
            : String.format(Locale.ROOT, " · score %.0f", report.verdict().score());
    verdict.setText(
        "Judgment: "
            + report.verdict().outcome().label()
            + score
            + ". "
            + report.verdict().explanation());
    switch (report.verdict().outcome()) {
      case PASS -> verdict.getStyleClass().add("pass");
      case MARGINAL -> verdict.getStyleClass().add("marginal");
      case FAIL -> verdict.getStyleClass().add("fail");
      default -> {}
    }
    burn.setText(
        String.format(
            Locale.ROOT,
            "Error-budget burn (%.1f%% objective) over the last %d min: stable %s, canary %s · "
                + "%d-s samples from %s",
            report.objective() * 100,
            Duration.between(report.from(), report.to()).toMinutes(),
            burnText(report.stableBurn()),
            burnText(report.canaryBurn()),
            report.step().toSeconds(),
            report.source()));
    analysis.setRows(report.verdict().metrics());
  }

  private static String burnText(double b) {
    return Double.isNaN(b) ? "–" : String.format(Locale.ROOT, "%.1f×", b);
  }

  private static String interval(MetricJudgment j) {
    if (j.test() == null) {
      return "–";
    }
    return j.metric().unit().formatShift(j.test().lower())
        + " … "
        + j.metric().unit().formatShift(j.test().upper());
  }

  private static Badge classBadge(MetricJudgment j) {
    if (j.classification() == Classification.NO_DATA) {
      return new Badge("No data", Badge.Severity.INFO);
    }
    if (j.failed()) {
      return new Badge(
          j.classification() == Classification.HIGH ? "High" : "Low", Badge.Severity.DANGER);
    }
    return new Badge(
        switch (j.classification()) {
          case HIGH -> "High (ok)";
          case LOW -> "Low (ok)";
          default -> "Pass";
        },
        Badge.Severity.OK);
  }

  private static Badge runBadge(AnalysisRun a) {
    String p = a.phase() == null ? "" : a.phase();
    return new Badge(
        p,
        switch (p) {
          case "Successful" -> Badge.Severity.OK;
          case "Failed", "Error" -> Badge.Severity.DANGER;
          case "Inconclusive" -> Badge.Severity.WARNING;
          default -> Badge.Severity.INFO;
        });
  }

  private static String measurements(AnalysisRun a) {
    return a.metrics().stream()
        .map(
            m -> {
              String last =
                  m.measurements().isEmpty()
                      ? ""
                      : " last " + m.measurements().get(m.measurements().size() - 1).value();
              return m.name() + " " + m.successful() + "✓ " + m.failed() + "✗" + last;
            })
        .collect(Collectors.joining("; "));
  }

  private static String minutesSeconds(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
  }

  @Override
  public Node node() {
    return root;
  }

  @Override
  public ObservableBooleanValue loaded() {
    return loaded;
  }

  @Override
  public void focusSearch() {
    list.focusSearch();
  }

  @Override
  public void close() {
    unregister.run();
    model.close();
  }
}
