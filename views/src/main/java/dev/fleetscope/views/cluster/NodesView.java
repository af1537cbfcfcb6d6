package dev.fleetscope.views.cluster;

import dev.fleetscope.services.cluster.NodeRow;
import dev.fleetscope.views.common.PulseCoalescer;
import dev.fleetscope.views.shell.Drill;
import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import dev.fleetscope.views.widgets.Usage;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Nodes section: GPU nodes of every cluster in one table. */
public final class NodesView extends ClusterSectionView<NodesViewModel, NodeRow> {
  private final DataTable<NodeRow> table;

  /**
   * @param drill opens another section (double-click a node: its pods)
   */
  public NodesView(
      NodesViewModel model, PulseCoalescer pulse, Executor io, Clock clock, Consumer<Drill> drill) {
    super(model);
    table =
        new DataTable<>(
            "Nodes",
            List.of(
                Column.text("Cluster", NodeRow::cluster, 120),
                Column.text("Node", r -> r.node().name(), 150),
                Column.badge("State", NodesViewModel::stateBadge, 120),
                Column.text("GPU product", r -> r.node().gpuProduct(), 190),
                Column.text(
                    "Memory",
                    r ->
                        r.node().gpuMemoryMiB() == 0
                            ? "—"
                            : String.format(
                                Locale.ROOT, "%.0f GiB", r.node().gpuMemoryMiB() / 1024.0),
                    70),
                Column.number("GPUs", r -> r.node().allocatableGpus(), 60),
                Column.usage(
                    "GPUs requested",
                    r -> Usage.load(r.gpusRequested(), r.node().allocatableGpus()),
                    130),
                Column.number("Free", NodeRow::gpusFree, 55),
                Column.text("Shared / MIG", NodesView::sharing, 110),
                Column.number("Pods", NodeRow::pods, 55),
                Column.text("Problems", r -> String.join(", ", r.node().problems()), 130),
                Column.text("Taints", r -> String.join(", ", r.node().taints()), 170),
                Column.text("Kubelet", r -> r.node().kubeletVersion(), 75),
                Column.text("Age", r -> Age.of(r.node().created(), clock.instant()), 60)),
            r -> r.cluster() + "/" + r.node().name(),
            io);
    table.setId("nodes-table");
    table.setPlaceholder("No nodes in the clusters in scope");
    table
        .tableView()
        .setOnMouseClicked(
            e -> {
              NodeRow r = table.tableView().getSelectionModel().getSelectedItem();
              if (e.getClickCount() == 2 && r != null) {
                drill.accept(new Drill("pods", r.cluster(), r.node().name()));
              }
            });
    VBox.setVgrow(table, Priority.ALWAYS);
    root.getChildren().addAll(new ScopeBar("Nodes", model, false), table);
    model.rowsProperty().addListener((o, a, b) -> table.setRows(b));
    model.refresh();
    table.setRows(model.rowsProperty().get());
    onPulse(pulse.register(model::refresh));
  }

  private static String sharing(NodeRow r) {
    String shared = r.node().sharedGpus() > 0 ? r.node().sharedGpus() + " shared" : "";
    String mig = r.node().migTotal() > 0 ? r.node().migTotal() + " MIG" : "";
    if (shared.isEmpty()) {
      return mig.isEmpty() ? "—" : mig;
    }
    return mig.isEmpty() ? shared : shared + ", " + mig;
  }

  public DataTable<NodeRow> table() {
    return table;
  }

  @Override
  DataTable<NodeRow> mainTable() {
    return table;
  }
}
