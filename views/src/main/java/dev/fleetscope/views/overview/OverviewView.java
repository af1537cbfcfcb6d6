package dev.fleetscope.views.overview;

import dev.fleetscope.services.cluster.ClusterOverview;
import dev.fleetscope.services.cluster.WorkloadRow;
import dev.fleetscope.views.common.AfterFirstFrame;
import dev.fleetscope.views.common.PulseCoalescer;
import dev.fleetscope.views.shell.Drill;
import dev.fleetscope.views.shell.SectionView;
import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import dev.fleetscope.views.widgets.Usage;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Fleet overview: per cluster the connection, nodes, GPU capacity / allocated / free (by GPU
 * product), and the inference workloads with their ready replicas. Binds to {@link
 * OverviewViewModel} and forwards nothing but user gestures.
 */
public final class OverviewView implements SectionView {
  private final OverviewViewModel model;
  private final Runnable unregister;
  private final VBox root = new VBox(12);
  private final HBox tiles = new HBox(12);
  private final DataTable<ClusterOverview> clusters;
  private final DataTable<ProductRow> products;
  private final DataTable<WorkloadRow> workloads;

  /**
   * @param drill opens another section scoped to a cluster (double-click on a cluster's cell)
   */
  public OverviewView(
      OverviewViewModel model,
      PulseCoalescer pulse,
      Executor io,
      java.util.function.Consumer<Drill> drill) {
    this.model = model;
    root.getStyleClass().addAll("section", "overview");
    root.setId("overview");

    Label title = new Label("Fleet overview");
    title.getStyleClass().add("section-title");
    Label provenance = new Label();
    provenance.getStyleClass().add("provenance");
    provenance.setId("overview-provenance");
    provenance.textProperty().bind(model.provenanceProperty());
    VBox heading = new VBox(2, title, provenance);

    tiles.getStyleClass().add("tiles");
    model.tilesProperty().addListener((o, a, b) -> showTiles(b));

    clusters =
        new DataTable<>(
            "Clusters",
            List.of(
                Column.text("Context", ClusterOverview::context, 150),
                Column.badge("State", OverviewViewModel::stateBadge, 105),
                Column.text(
                    "Latency",
                    c ->
                        c.status().apiLatencyMillis() < 0
                            ? "—"
                            : c.status().apiLatencyMillis() + " ms",
                    80),
                Column.usage("Nodes ready", c -> Usage.readiness(c.nodesReady(), c.nodes()), 115),
                Column.usage(
                    "GPUs allocated", c -> Usage.load(c.gpuAllocated(), c.gpuCapacity()), 140),
                Column.number("GPUs free", ClusterOverview::gpuFree, 85),
                Column.number("Pending GPU pods", ClusterOverview::podsPendingForGpus, 135),
                Column.usage(
                    "Healthy workloads",
                    c -> Usage.readiness(c.workloadsHealthy(), c.workloads().size()),
                    150),
                Column.text("Details", OverviewView::details, 200)),
            ClusterOverview::context,
            io);
    clusters.setId("overview-clusters");
    clusters.setPlaceholder("Connecting to clusters…");
    clusters.setMinHeight(110);
    clusters
        .tableView()
        .setOnMouseClicked(
            e -> {
              ClusterOverview selected = clusters.tableView().getSelectionModel().getSelectedItem();
              if (e.getClickCount() == 2 && selected != null) {
                var cell = clusters.tableView().getFocusModel().getFocusedCell();
                String column =
                    cell == null || cell.getTableColumn() == null
                        ? ""
                        : cell.getTableColumn().getText();
                drill.accept(drillFor(column, selected.context()));
              }
            });

    workloads =
        new DataTable<>(
            "Inference workloads",
            List.of(
                Column.text("Cluster", WorkloadRow::cluster, 120),
                Column.text("Namespace", w -> w.workload().namespace(), 110),
                Column.text("Name", w -> w.workload().name(), 170),
                Column.text("Kind", w -> w.workload().kind(), 110),
                Column.text("Engine", w -> w.workload().engine().label(), 75),
                Column.text("Model", w -> w.workload().servedModel(), 250),
                Column.number("GPUs / replica", w -> w.workload().gpusPerReplica(), 105),
                Column.usage(
                    "Ready replicas",
                    w ->
                        Usage.readiness(
                            w.workload().readyReplicas(), w.workload().desiredReplicas()),
                    130),
                Column.badge("Health", OverviewViewModel::healthBadge, 100),
                Column.number("Restarts", WorkloadRow::restarts, 80)),
            w -> w.cluster() + "/" + w.workload().namespace() + "/" + w.workload().name(),
            io);
    workloads.setId("overview-workloads");
    workloads.setPlaceholder(
        "No inference workloads (Deployments or StatefulSets whose pods"
            + " request nvidia.com/gpu)");

    products =
        new DataTable<>(
            "GPUs by product",
            List.of(
                Column.text("Cluster", ProductRow::cluster, 160),
                Column.text("GPU product", r -> r.capacity().product(), 240),
                Column.text(
                    "Memory",
                    r ->
                        r.capacity().memoryMiB() == 0
                            ? "—"
                            : String.format(
                                Locale.ROOT, "%.0f GiB", r.capacity().memoryMiB() / 1024.0),
                    70),
                Column.number("Nodes", r -> r.capacity().nodes(), 80),
                Column.usage(
                    "Allocated",
                    r -> Usage.load(r.capacity().allocated(), r.capacity().capacity()),
                    130),
                Column.number("Free", r -> r.capacity().free(), 80)),
            r -> r.cluster() + "/" + r.capacity().product(),
            io);
    products.setId("overview-products");

    SplitPane tables = new SplitPane(clusters, workloads, products);
    tables.setOrientation(Orientation.VERTICAL);
    tables.setDividerPositions(0.25, 0.72);
    tables.getStyleClass().add("overview-tables");
    VBox.setVgrow(tables, Priority.ALWAYS);
    root.getChildren().addAll(heading, tiles);
    // The three tables' skins and styling are most of the console's start-up over a bare window
    // (docs/benchmarks.md); they hold nothing until the first connect anyway.
    AfterFirstFrame.run(root, () -> root.getChildren().add(tables));

    model.clustersProperty().addListener((o, a, b) -> clusters.setRows(b));
    model.productsProperty().addListener((o, a, b) -> products.setRows(b));
    model.workloadsProperty().addListener((o, a, b) -> workloads.setRows(b));
    model.refresh();
    showTiles(model.tilesProperty().get());
    clusters.setRows(model.clustersProperty().get());
    products.setRows(model.productsProperty().get());
    workloads.setRows(model.workloadsProperty().get());
    this.unregister = pulse.register(model::refresh);
  }

  /**
   * Where a double-click on a cluster's cell leads: node and GPU columns to its nodes, pending pods
   * to its pending pods, workload health to its workloads; anything else to its nodes.
   */
  static Drill drillFor(String column, String cluster) {
    return switch (column) {
      case "Pending GPU pods" -> new Drill("pods", cluster, "Pending");
      case "Healthy workloads" -> new Drill("workloads", cluster, "");
      default -> new Drill("nodes", cluster, "");
    };
  }

  private static String details(ClusterOverview c) {
    if (!c.status().cause().isEmpty()) {
      return c.status().cause();
    }
    String tls = c.status().tlsVerified() ? "" : " · TLS verification OFF";
    return c.status().server() + tls;
  }

  /** Updates the tiles in place; nodes are only created when the number of tiles changes. */
  private void showTiles(List<SummaryTile> list) {
    if (tiles.getChildren().size() != list.size()) {
      tiles.getChildren().clear();
      for (int i = 0; i < list.size(); i++) {
        Label name = new Label();
        name.getStyleClass().add("tile-title");
        Label value = new Label();
        value.getStyleClass().add("tile-value");
        Label detail = new Label();
        detail.getStyleClass().add("tile-detail");
        VBox tile = new VBox(2, name, value, detail);
        tile.getStyleClass().add("tile");
        HBox.setHgrow(tile, Priority.ALWAYS);
        tile.setMaxWidth(Double.MAX_VALUE);
        tiles.getChildren().add(tile);
      }
    }
    for (int i = 0; i < list.size(); i++) {
      SummaryTile t = list.get(i);
      VBox tile = (VBox) tiles.getChildren().get(i);
      ((Label) tile.getChildren().get(0)).setText(t.title());
      ((Label) tile.getChildren().get(1)).setText(t.value());
      Label detail = (Label) tile.getChildren().get(2);
      detail.setText(t.detail());
      String severity = "tile-" + t.severity().name().toLowerCase(Locale.ROOT);
      if (!detail.getStyleClass().contains(severity)) {
        detail.getStyleClass().setAll("label", "tile-detail", severity);
      }
    }
  }

  public DataTable<ClusterOverview> clusters() {
    return clusters;
  }

  public DataTable<WorkloadRow> workloads() {
    return workloads;
  }

  public DataTable<ProductRow> products() {
    return products;
  }

  @Override
  public Node node() {
    return root;
  }

  @Override
  public ObservableBooleanValue loaded() {
    return model.loadedProperty();
  }

  @Override
  public void focusSearch() {
    workloads.focusSearch();
  }

  @Override
  public void close() {
    unregister.run();
    model.close();
  }
}
