package dev.fleetscope.views.cluster;

import dev.fleetscope.services.cluster.WorkloadRow;
import dev.fleetscope.views.common.PulseCoalescer;
import dev.fleetscope.views.overview.OverviewViewModel;
import dev.fleetscope.views.shell.Drill;
import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import dev.fleetscope.views.widgets.Usage;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Workloads section: every Deployment, StatefulSet, Argo Rollout and LeaderWorkerSet in scope;
 * below, the selected one's pods and Events. Double-clicking a pod opens it in Pods.
 */
public final class WorkloadsView extends ClusterSectionView<WorkloadsViewModel, WorkloadRow> {
  private final DataTable<WorkloadRow> table;
  private final DataTable<PodRow> pods;

  public WorkloadsView(
      WorkloadsViewModel model,
      PulseCoalescer pulse,
      Executor io,
      Clock clock,
      Consumer<Drill> drill) {
    super(model);
    table =
        new DataTable<>(
            "Workloads",
            List.of(
                Column.text("Cluster", WorkloadRow::cluster, 110),
                Column.text("Namespace", w -> w.workload().namespace(), 110),
                Column.text("Kind", w -> w.workload().kind(), 115),
                Column.text("Name", w -> w.workload().name(), 170),
                Column.text("Engine", w -> w.workload().engine().label(), 70),
                Column.text("Model", w -> w.workload().servedModel(), 220),
                Column.usage(
                    "Ready",
                    w ->
                        Usage.readiness(
                            w.workload().readyReplicas(), w.workload().desiredReplicas()),
                    110),
                Column.badge("Health", OverviewViewModel::healthBadge, 95),
                Column.text("Phase", w -> w.workload().phase(), 90),
                Column.number("GPUs / replica", w -> w.workload().gpusPerReplica(), 100),
                Column.number("Pods", WorkloadRow::pods, 50),
                Column.number("Restarts", WorkloadRow::restarts, 70),
                Column.number("OOMKilled", WorkloadRow::oomKilled, 80)),
            WorkloadsViewModel::key,
            io);
    table.setId("workloads-table");
    table.setPlaceholder("No workloads in the clusters and namespace in scope");
    table
        .tableView()
        .getSelectionModel()
        .selectedItemProperty()
        .addListener((o, a, b) -> model.selectedProperty().set(b));

    pods =
        new DataTable<>(
            "Pods of the selected workload", Columns.pods(clock, false), PodRow::key, io);
    pods.setId("workload-pods");
    pods.setPlaceholder("Select a workload to see its pods");
    pods.tableView()
        .setOnMouseClicked(
            e -> {
              PodRow r = pods.tableView().getSelectionModel().getSelectedItem();
              if (e.getClickCount() == 2 && r != null) {
                drill.accept(new Drill("pods", r.cluster(), r.pod().name()));
              }
            });
    var events = Columns.events(clock, io);
    events.setId("workload-events");
    Label eventsStatus = new Label();
    eventsStatus.textProperty().bind(model.eventsStatusProperty());
    VBox.setVgrow(events, Priority.ALWAYS);
    TabPane tabs =
        new TabPane(new Tab("Pods", pods), new Tab("Events", new VBox(4, eventsStatus, events)));
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

    SplitPane split = new SplitPane(table, tabs);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.55);
    VBox.setVgrow(split, Priority.ALWAYS);
    root.getChildren().addAll(new ScopeBar("Workloads", model, true), split);

    model.rowsProperty().addListener((o, a, b) -> table.setRows(b));
    model.podsProperty().addListener((o, a, b) -> pods.setRows(b));
    model.eventsProperty().addListener((o, a, b) -> events.setRows(b));
    model.refresh();
    table.setRows(model.rowsProperty().get());
    onPulse(pulse.register(model::refresh));
  }

  public DataTable<WorkloadRow> table() {
    return table;
  }

  public DataTable<PodRow> pods() {
    return pods;
  }

  @Override
  DataTable<WorkloadRow> mainTable() {
    return table;
  }
}
