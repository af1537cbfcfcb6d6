package dev.fleetscope.views.cluster;

import dev.fleetscope.services.cluster.PodDetail;
import dev.fleetscope.views.common.PulseCoalescer;
import dev.fleetscope.views.shell.Drill;
import dev.fleetscope.views.widgets.DataTable;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javafx.collections.FXCollections;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Pods section: every pod in scope in one virtualized table; below it the selected pod's
 * containers and resources, its log (tail, follow, search, bounded) and its Events.
 */
public final class PodsView extends ClusterSectionView<PodsViewModel, PodRow> {
  private final DataTable<PodRow> table;
  private final DataTable<dev.fleetscope.services.cluster.EventFacts> events;
  private final TextArea summary = new TextArea();
  private final ListView<String> logLines = new ListView<>();
  private final TextField logSearch = new TextField();
  private final Label logInfo = new Label();

  public PodsView(PodsViewModel model, PulseCoalescer pulse, Executor io, Clock clock) {
    super(model);
    table = new DataTable<>("Pods", Columns.pods(clock, true), PodRow::key, io);
    table.setId("pods-table");
    table.setPlaceholder("No pods in the clusters and namespace in scope");
    table
        .tableView()
        .getSelectionModel()
        .selectedItemProperty()
        .addListener((o, a, b) -> model.selectedProperty().set(b));

    summary.setEditable(false);
    summary.setId("pod-summary");
    summary.getStyleClass().add("mono");
    Label detailStatus = new Label();
    detailStatus.textProperty().bind(model.detailStatusProperty());
    Button copyKubectl = new Button("Copy kubectl commands");
    copyKubectl.setId("pod-copy-kubectl");
    copyKubectl.disableProperty().bind(model.selectedProperty().isNull());
    copyKubectl.setOnAction(
        e -> {
          PodRow r = model.selectedProperty().get();
          if (r != null) {
            ClipboardContent c = new ClipboardContent();
            c.putString(PodsViewModel.kubectl(r, model.containerProperty().get()));
            Clipboard.getSystemClipboard().setContent(c);
          }
        });
    HBox summaryBar = new HBox(8, detailStatus, spacer(), copyKubectl);
    summaryBar.setAlignment(Pos.CENTER_LEFT);
    VBox.setVgrow(summary, Priority.ALWAYS);
    VBox summaryPane = new VBox(6, summaryBar, summary);
    model.detailProperty().addListener((o, a, b) -> summary.setText(b == null ? "" : describe(b)));

    Tab summaryTab = new Tab("Containers", summaryPane);
    Tab logTab = new Tab("Log", logPane());
    logTab.setId("pod-log-tab");
    events = Columns.events(clock, io);
    events.setId("pod-events");
    Label eventsStatus = new Label();
    eventsStatus.textProperty().bind(model.eventsStatusProperty());
    VBox.setVgrow(events, Priority.ALWAYS);
    Tab eventsTab = new Tab("Events", new VBox(4, eventsStatus, events));
    model.eventsProperty().addListener((o, a, b) -> events.setRows(b));
    TabPane tabs = new TabPane(summaryTab, logTab, eventsTab);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.setId("pod-detail");

    SplitPane split = new SplitPane(table, tabs);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.55);
    VBox.setVgrow(split, Priority.ALWAYS);
    root.getChildren().addAll(new ScopeBar("Pods", model, true), split);

    model.rowsProperty().addListener((o, a, b) -> table.setRows(b));
    model.refresh();
    table.setRows(model.rowsProperty().get());
    onPulse(
        pulse.register(
            () -> {
              model.refresh();
              if (model.drainLog()) {
                updateLogInfo();
                if (model.followProperty().get() && logSearch.getText().isEmpty()) {
                  logLines.scrollTo(logLines.getItems().size() - 1);
                }
              }
            }));
  }

  private VBox logPane() {
    ChoiceBox<String> containers = new ChoiceBox<>();
    containers.setId("pod-log-container");
    model
        .detailProperty()
        .addListener(
            (o, a, b) ->
                containers.setItems(
                    b == null
                        ? FXCollections.observableArrayList()
                        : FXCollections.observableArrayList(
                            b.containers().stream()
                                .map(PodDetail.ContainerDetail::name)
                                .toList())));
    containers.valueProperty().bindBidirectional(model.containerProperty());
    model.containerProperty().addListener((o, a, b) -> model.restartLog());
    CheckBox follow = new CheckBox("Follow");
    follow.selectedProperty().bindBidirectional(model.followProperty());
    follow.selectedProperty().addListener((o, a, b) -> model.restartLog());
    ChoiceBox<Integer> tail =
        new ChoiceBox<>(FXCollections.observableArrayList(100, 500, 2_000, 10_000));
    tail.setValue(model.tailLinesProperty().get());
    tail.valueProperty()
        .addListener(
            (o, a, b) -> {
              model.tailLinesProperty().set(b);
              model.restartLog();
            });
    logSearch.setPromptText("Search log…");
    logSearch.setId("pod-log-search");
    logSearch.textProperty().addListener((o, a, b) -> applyLogSearch());
    Button reload = new Button("Reload");
    reload.setOnAction(e -> model.restartLog());
    Label status = new Label();
    status.textProperty().bind(model.logStatusProperty());
    HBox bar =
        new HBox(
            8,
            new Label("Container"),
            containers,
            new Label("Tail"),
            tail,
            follow,
            reload,
            logSearch,
            logInfo,
            spacer(),
            status);
    bar.setAlignment(Pos.CENTER_LEFT);
    logLines.setItems(model.log().lines());
    logLines.setId("pod-log");
    logLines.getStyleClass().add("mono");
    logLines.setCellFactory(
        v ->
            new ListCell<>() {
              @Override
              protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
              }
            });
    VBox.setVgrow(logLines, Priority.ALWAYS);
    return new VBox(6, bar, logLines);
  }

  /** Search keeps every line and jumps to the last match; the count says how many matched. */
  private void applyLogSearch() {
    updateLogInfo();
    String q = logSearch.getText().toLowerCase(Locale.ROOT);
    if (q.isEmpty()) {
      return;
    }
    var items = logLines.getItems();
    for (int i = items.size() - 1; i >= 0; i--) {
      if (items.get(i).toLowerCase(Locale.ROOT).contains(q)) {
        logLines.getSelectionModel().clearAndSelect(i);
        logLines.scrollTo(i);
        return;
      }
    }
  }

  private void updateLogInfo() {
    String q = logSearch.getText().toLowerCase(Locale.ROOT);
    long matches =
        q.isEmpty()
            ? 0
            : logLines.getItems().stream()
                .filter(l -> l.toLowerCase(Locale.ROOT).contains(q))
                .count();
    String dropped =
        model.log().dropped() > 0 ? " · " + model.log().dropped() + " older lines dropped" : "";
    logInfo.setText(
        (q.isEmpty() ? logLines.getItems().size() + " lines" : matches + " matching") + dropped);
  }

  static String describe(PodDetail d) {
    StringBuilder b = new StringBuilder();
    var p = d.facts();
    b.append("Pod ")
        .append(p.namespace())
        .append('/')
        .append(p.name())
        .append("  (context ")
        .append(d.context())
        .append(")\n");
    b.append("Status: ")
        .append(p.status())
        .append("   Node: ")
        .append(p.nodeName().isEmpty() ? "—" : p.nodeName());
    b.append("   IP: ")
        .append(d.podIp().isEmpty() ? "—" : d.podIp())
        .append("   QoS: ")
        .append(d.qosClass())
        .append('\n');
    b.append("Owner: ").append(p.owner().isEmpty() ? "—" : p.owner());
    b.append("   Service account: ")
        .append(d.serviceAccount().isEmpty() ? "—" : d.serviceAccount());
    b.append("   GPUs requested: ").append(p.gpuRequest()).append("\n\n");
    for (PodDetail.ContainerDetail c : d.containers()) {
      b.append(c.init() ? "Init container " : "Container ").append(c.name()).append('\n');
      b.append("  Image:     ").append(c.image()).append('\n');
      b.append("  State:     ").append(c.state().isEmpty() ? "—" : c.state());
      b.append(c.ready() ? "  (ready)" : "  (not ready)")
          .append("   Restarts: ")
          .append(c.restarts())
          .append('\n');
      if (!c.lastTermination().isEmpty()) {
        b.append("  Last:      ").append(c.lastTermination()).append('\n');
      }
      b.append("  Requests:  ").append(resources(c.requests())).append('\n');
      b.append("  Limits:    ").append(resources(c.limits())).append("\n\n");
    }
    b.append("Conditions:\n");
    d.conditions().forEach(c -> b.append("  ").append(c).append('\n'));
    return b.toString();
  }

  private static String resources(Map<String, String> r) {
    return r.isEmpty()
        ? "—"
        : r.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
  }

  private static Region spacer() {
    Region r = new Region();
    HBox.setHgrow(r, Priority.ALWAYS);
    return r;
  }

  public DataTable<PodRow> table() {
    return table;
  }

  public ListView<String> logView() {
    return logLines;
  }

  /** Scopes to a cluster and filter; a query naming exactly one pod selects it. */
  @Override
  public void drill(Drill d) {
    super.drill(d);
    if (table.visibleRows().size() == 1) {
      table.tableView().getSelectionModel().select(0);
    }
  }

  @Override
  DataTable<PodRow> mainTable() {
    return table;
  }
}
