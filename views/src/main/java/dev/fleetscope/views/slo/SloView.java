package dev.fleetscope.views.slo;

import dev.fleetscope.services.metrics.TimeSeries;
import dev.fleetscope.services.slo.BurnRule;
import dev.fleetscope.services.slo.RuleState;
import dev.fleetscope.services.slo.SloEvaluator;
import dev.fleetscope.services.slo.SloResult;
import dev.fleetscope.services.slo.SloSpec;
import dev.fleetscope.services.slo.SloStatus;
import dev.fleetscope.services.slo.SloTrends;
import dev.fleetscope.services.slo.WindowCounts;
import dev.fleetscope.views.common.PulseCoalescer;
import dev.fleetscope.views.shell.SectionView;
import dev.fleetscope.views.slo.SloViewModel.Range;
import dev.fleetscope.views.slo.SloViewModel.SloRow;
import dev.fleetscope.views.widgets.Badge;
import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import dev.fleetscope.views.widgets.TimeChart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The SLO section: every SLO least budget first (filterable by name, cluster or label), and the SLO
 * in focus: its burn-rate rules as Pyrra shows them, its burn over every standard window, its
 * budget, requests, errors and latency over a chosen range, and a split by version label.
 */
public final class SloView implements SectionView {
  private final SloViewModel model;
  private final BorderPane root = new BorderPane();
  private final DataTable<SloRow> list;
  private final DataTable<RuleState> rules;
  private final DataTable<SloResult> split;
  private final Label title = new Label();
  private final Label facts = new Label();
  private final Label windows = new Label();
  private final TimeChart budget;
  private final TimeChart traffic;
  private final TimeChart latency;
  private final SimpleBooleanProperty loaded = new SimpleBooleanProperty();
  private final Runnable unregister;

  public SloView(SloViewModel model, PulseCoalescer pulse, Executor io) {
    this.model = model;
    root.setId("slo-section");
    Label status = new Label();
    status.setId("slo-status");
    status.textProperty().bind(model.statusProperty());
    Button refresh = new Button("Refresh");
    refresh.setOnAction(e -> model.refresh());
    ComboBox<SloEvaluator.Policy> policy = new ComboBox<>();
    policy.setId("slo-policy");
    policy.getItems().setAll(SloEvaluator.Policy.values());
    policy.setValue(model.policy());
    policy.setOnAction(e -> model.setPolicy(policy.getValue()));
    policy.setTooltip(
        new javafx.scene.control.Tooltip(
            "Multiwindow burn-rate alerting: the SRE Workbook's factors, or Pyrra's with its"
                + " windows scaled to each SLO's window"));
    HBox bar = new HBox(10, refresh, new Label("Alert policy"), policy, status);
    bar.setAlignment(Pos.CENTER_LEFT);
    Label stale = new Label();
    stale.setId("slo-stale");
    stale.setWrapText(true);
    stale.getStyleClass().add("stale-banner");
    stale.setStyle("-fx-text-fill: -color-warning-fg;");
    stale.textProperty().bind(model.staleProperty());
    stale.visibleProperty().bind(model.staleProperty().isNotEmpty());
    stale.managedProperty().bind(stale.visibleProperty());
    Label problemText = new Label();
    problemText.setId("slo-problems");
    problemText.setWrapText(true);
    problemText.setStyle("-fx-font-family: monospace;");
    TitledPane problems = new TitledPane("", problemText);
    problems.setExpanded(false);
    model
        .problemsProperty()
        .addListener(
            (o, a, p) -> {
              problemText.setText(String.join("\n", p));
              problems.setText(
                  p.size()
                      + (p.size() == 1 ? " SLO problem" : " SLO problems")
                      + " (click to show)");
            });
    problems.visibleProperty().bind(problemText.textProperty().isNotEmpty());
    problems.managedProperty().bind(problems.visibleProperty());

    list =
        new DataTable<>(
            "SLOs",
            List.of(
                Column.badge("State", SloView::stateBadge, 80),
                Column.text("SLO", r -> r.result().title(), 270),
                Column.text("Cluster", r -> clusterOf(r.result().spec()), 120),
                Column.text("Source", r -> r.result().spec().source(), 65),
                Column.text("Objective", r -> SloFormat.percent(r.result().spec().objective()), 80),
                Column.text("Window", r -> SloFormat.duration(r.result().spec().window()), 60),
                Column.text("SLI now", r -> SloFormat.percent(r.result().status().sliNow()), 80),
                Column.number("Budget left %", r -> pct(r.result().status().budgetRemaining()), 95),
                Column.number(
                    "Burn 1h", r -> round(r.result().status().burnRate(Duration.ofHours(1))), 70),
                Column.text(
                    "Exhausted",
                    r -> SloFormat.exhaustion(r.result().status().timeToExhaustion()),
                    100),
                Column.text("Labels", r -> labels(r.result().spec().labels()), 160)),
            SloRow::key,
            io);
    list.setId("slo-list");
    list.setPlaceholder("No SLOs yet");
    list.tableView()
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, a, r) -> {
              if (r != null) {
                model.select(r);
              }
            });

    rules =
        new DataTable<>(
            "Burn-rate alerts",
            List.of(
                Column.badge("State", SloView::ruleBadge, 90),
                Column.text(
                    "Severity", r -> r.rule().severity().name().toLowerCase(Locale.ROOT), 60),
                Column.text("Threshold", r -> SloFormat.burn(r.rule().factor()), 70),
                Column.text("Long window", r -> SloFormat.duration(r.rule().longWindow()), 80),
                Column.text("Long burn", r -> SloFormat.burn(r.longBurn()), 70),
                Column.text("Short window", r -> SloFormat.duration(r.rule().shortWindow()), 85),
                Column.text("Short burn", r -> SloFormat.burn(r.shortBurn()), 70)),
            r -> r.rule().severity() + "/" + r.rule().longWindow(),
            io);
    rules.setId("slo-rules");
    rules.setPrefHeight(205);
    rules.setMinHeight(205);

    split =
        new DataTable<>(
            "Split",
            List.of(
                Column.badge("State", r -> SloFormat.badge(r.status().state()), 90),
                Column.text("Group", r -> labels(r.group()), 200),
                Column.text("SLI now", r -> SloFormat.percent(r.status().sliNow()), 75),
                Column.number("Budget left %", r -> pct(r.status().budgetRemaining()), 95),
                Column.number(
                    "Burn 5m", r -> round(r.status().burnRate(Duration.ofMinutes(5))), 65),
                Column.number("Burn 1h", r -> round(r.status().burnRate(Duration.ofHours(1))), 65),
                Column.number("Requests (window)", r -> events(r.status()), 110)),
            r -> r.group().toString(),
            io);
    split.setId("slo-split");
    split.setPrefHeight(170);
    ComboBox<String> splitBy = new ComboBox<>();
    splitBy.setId("slo-split-by");
    splitBy.setEditable(true);
    splitBy
        .getItems()
        .addAll("(none)", "pod_template_hash", "version", "rollouts_pod_template_hash", "pod");
    splitBy.setValue("(none)");
    splitBy.setPromptText("label");
    splitBy
        .valueProperty()
        .addListener((o, a, v) -> model.split(v == null || v.equals("(none)") ? "" : v));
    Label splitStatus = new Label();
    splitStatus.textProperty().bind(model.splitStatusProperty());
    splitStatus.getStyleClass().add("text-muted");
    HBox splitBar = new HBox(8, new Label("Split by version label"), splitBy, splitStatus);
    splitBar.setAlignment(Pos.CENTER_LEFT);

    budget = new TimeChart("Error budget left (%)", io);
    budget.setId("slo-budget-chart");
    budget.setFormat(v -> String.format(Locale.ROOT, "%.0f", v));
    budget.setThresholds(List.of(new TimeChart.Threshold(0, "budget spent")));
    traffic = new TimeChart("Requests and bad requests (per second)", io);
    traffic.setId("slo-traffic-chart");
    traffic.setFormat(SloView::rate);
    latency = new TimeChart("Latency percentiles (s)", io);
    latency.setId("slo-latency-chart");
    latency.setFormat(
        v -> String.format(Locale.ROOT, v >= 10 ? "%.0f" : v >= 1 ? "%.1f" : "%.2f", v));
    ComboBox<Range> range = new ComboBox<>();
    range.setId("slo-range");
    range.getItems().addAll(Range.values());
    range.setValue(model.rangeProperty().get());
    range.setMinWidth(85);
    range.valueProperty().addListener((o, a, r) -> model.setRange(r));
    Label trendStatus = new Label();
    trendStatus.getStyleClass().add("text-muted");
    trendStatus.textProperty().bind(model.trendsStatusProperty());
    trendStatus.setWrapText(true);
    HBox rangeBar = new HBox(8, new Label("Range"), range, trendStatus);
    rangeBar.setAlignment(Pos.CENTER_LEFT);

    title.setId("slo-detail-title");
    title.getStyleClass().add("title-4");
    facts.setId("slo-detail-facts");
    facts.setWrapText(true);
    facts.setMinHeight(Region.USE_PREF_SIZE);
    windows.setId("slo-windows");
    windows.setWrapText(true);
    windows.setMinHeight(Region.USE_PREF_SIZE);
    windows.setStyle("-fx-font-family: monospace;");
    VBox left = new VBox(8, title, facts, windows, rules, splitBar, split);
    left.setPrefWidth(640);
    left.setMinWidth(420);
    VBox charts = new VBox(6, rangeBar, budget, traffic, latency);
    VBox.setVgrow(budget, Priority.ALWAYS);
    VBox.setVgrow(traffic, Priority.ALWAYS);
    VBox.setVgrow(latency, Priority.ALWAYS);
    HBox.setHgrow(charts, Priority.ALWAYS);
    HBox detail = new HBox(14, left, charts);
    detail.setId("slo-detail");
    detail.setFillHeight(true);
    ScrollPane detailScroll = new ScrollPane(detail);
    detailScroll.setFitToWidth(true);
    detailScroll.setFitToHeight(true);
    SplitPane split2 = new SplitPane(list, detailScroll);
    split2.setOrientation(Orientation.VERTICAL);
    split2.setDividerPositions(0.36);
    VBox top = new VBox(6, bar, stale, problems);
    top.setPadding(new javafx.geometry.Insets(0, 0, 6, 0));
    root.setTop(top);
    root.setCenter(split2);
    root.setPadding(new javafx.geometry.Insets(10));

    model.rowsProperty().addListener((o, a, rows) -> list.setRows(rows));
    model.selectedProperty().addListener((o, a, r) -> showDetail(r));
    model.trendsProperty().addListener((o, a, t) -> showTrends(t));
    model.splitProperty().addListener((o, a, s) -> split.setRows(s));
    unregister =
        pulse.register(
            () -> {
              model.drain();
              if (model.loaded()) {
                loaded.set(true);
              }
            });
    model.start();
  }

  private void showDetail(SloRow row) {
    if (row == null) {
      title.setText("Select an SLO");
      return;
    }
    if (list.tableView().getSelectionModel().getSelectedItem() == null
        || !list.tableView().getSelectionModel().getSelectedItem().key().equals(row.key())) {
      list.tableView().getItems().stream()
          .filter(r -> r.key().equals(row.key()))
          .findFirst()
          .ifPresent(r -> list.tableView().getSelectionModel().select(r));
    }
    SloResult r = row.result();
    SloSpec spec = r.spec();
    SloStatus s = r.status();
    title.setText(r.title() + "  —  " + s.state().label());
    facts.setText(
        (spec.description().isEmpty() ? "" : spec.description() + "\n")
            + String.format(
                Locale.ROOT,
                "Objective %s over %s · SLI %s over the window, %s now · budget left %s, %s · %s, %s%s",
                SloFormat.percent(spec.objective()),
                SloFormat.duration(spec.window()),
                SloFormat.percent(s.sliOverWindow()),
                SloFormat.percent(s.sliNow()),
                SloFormat.percent(s.budgetRemaining()),
                "exhausted " + SloFormat.exhaustion(s.timeToExhaustion()),
                spec.source(),
                spec.origin()
                    + " · data: "
                    + row.source()
                    + (row.stale() ? " (stale)" : "")
                    + row.windowReadAt()
                        .map(
                            t ->
                                " · "
                                    + SloFormat.duration(spec.window())
                                    + " window read at "
                                    + SloViewModel.CLOCK.format(t)
                                    + " UTC")
                        .orElse(""),
                s.coverage() < 0.999
                    ? String.format(
                        Locale.ROOT, " · data covers %.0f%% of the window", 100 * s.coverage())
                    : ""));
    StringBuilder w = new StringBuilder("Burn rate over");
    for (Duration d : SloEvaluator.STANDARD_BURN_WINDOWS) {
      w.append("  ")
          .append(SloFormat.duration(d))
          .append(' ')
          .append(SloFormat.burn(s.burnRate(d)));
    }
    WindowCounts whole = s.counts().get(spec.window());
    if (whole != null && whole.hasTraffic()) {
      w.append(
          String.format(
              Locale.ROOT,
              "%nEvents over %s: %,.0f, bad %,.0f",
              SloFormat.duration(spec.window()),
              whole.total(),
              whole.errors()));
    }
    windows.setText(w.toString());
    rules.setRows(s.rules());
  }

  private void showTrends(SloTrends t) {
    if (t == null) {
      return;
    }
    TimeSeries b = t.budgetRemaining();
    double[] pctValues = new double[b.size()];
    for (int i = 0; i < pctValues.length; i++) {
      pctValues[i] = b.values()[i] * 100;
    }
    budget.setSeries(
        List.of(new TimeSeries("budget left", "%", b.timesMillis(), pctValues)), t.from(), t.to());
    traffic.setSeries(List.of(t.requests(), t.errors()), t.from(), t.to());
    latency.setEmptyText("Latency percentiles need a latency SLI with a classic histogram");
    latency.setSeries(t.latency(), t.from(), t.to());
  }

  private static Badge stateBadge(SloRow r) {
    Badge b = SloFormat.badge(r.result().status().state());
    return r.stale() ? new Badge(b.text() + " (stale)", b.severity()) : b;
  }

  private static Badge ruleBadge(RuleState r) {
    if (r.firing()) {
      return new Badge(
          "firing",
          r.rule().severity() == BurnRule.Severity.PAGE
              ? Badge.Severity.DANGER
              : Badge.Severity.WARNING);
    }
    if (r.overThreshold()) {
      return new Badge("low traffic", Badge.Severity.INFO);
    }
    return new Badge("ok", Badge.Severity.OK);
  }

  private static String clusterOf(SloSpec spec) {
    return spec.cluster().isEmpty() ? "(file)" : spec.cluster();
  }

  private static String labels(Map<String, String> labels) {
    return labels.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  private static Double pct(double share) {
    return Double.isNaN(share) ? null : Math.round(share * 1000) / 10.0;
  }

  private static Double round(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
  }

  private static Double events(SloStatus s) {
    WindowCounts c = s.counts().get(s.window());
    return c == null || !c.hasTraffic() ? null : (double) Math.round(c.total());
  }

  static String rate(double v) {
    double a = Math.abs(v);
    return String.format(
        Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
  }

  // Section plumbing.

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

  /** Test hook: the charts, in order budget, traffic, latency. */
  public List<TimeChart> charts() {
    return new ArrayList<>(List.of(budget, traffic, latency));
  }

  public DataTable<SloRow> list() {
    return list;
  }

  public DataTable<SloResult> splitTable() {
    return split;
  }

  @Override
  public void close() {
    unregister.run();
    model.close();
  }
}
