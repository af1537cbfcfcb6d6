package dev.fleetscope.views.gpumemory;

import dev.fleetscope.services.gpufleet.GpuReading;
import dev.fleetscope.views.gpumemory.GpuFleetViewModel.IdleGpu;
import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The fleet half of the GPU memory section: the heat grid, a GPU's detail, the idle list. */
final class GpuFleetPane extends VBox {
  private final GpuFleetViewModel model;
  private final GpuGrid grid = new GpuGrid();
  private final DataTable<IdleGpu> idle;

  GpuFleetPane(GpuFleetViewModel model, Executor io) {
    super(8);
    this.model = model;
    setId("gpu-fleet");
    Label status = new Label();
    status.setId("gpu-fleet-status");
    status.textProperty().bind(model.statusProperty());
    Button refresh = new Button("Refresh");
    refresh.setOnAction(e -> model.refresh());
    ComboBox<String> rule = new ComboBox<>();
    rule.setId("gpu-fleet-idle-rule");
    rule.getItems()
        .addAll(
            "under 5% for 10 min", "under 10% for 30 min", "under 1% for 5 min", "under 5% now");
    rule.setValue("under 5% for 10 min");
    rule.valueProperty()
        .addListener(
            (o, a, v) -> {
              switch (v) {
                case "under 10% for 30 min" -> model.setIdleRule(10, Duration.ofMinutes(30));
                case "under 1% for 5 min" -> model.setIdleRule(1, Duration.ofMinutes(5));
                case "under 5% now" -> model.setIdleRule(5, Duration.ZERO);
                default -> model.setIdleRule(5, Duration.ofMinutes(10));
              }
            });
    HBox bar = new HBox(10, refresh, status);
    bar.setAlignment(Pos.CENTER_LEFT);
    Label error = new Label();
    error.setId("gpu-fleet-error");
    error.setWrapText(true);
    error.setStyle("-fx-text-fill: -color-danger-fg;");
    error.textProperty().bind(model.errorProperty());
    error.visibleProperty().bind(model.errorProperty().isNotEmpty());
    error.managedProperty().bind(error.visibleProperty());
    Label legend =
        new Label(
            "Cell colour: framebuffer used (light: little, dark red: full) · dark frame: held by a pod · amber frame: held but idle");
    legend.getStyleClass().add("text-muted");
    Label detail = new Label("Hover a GPU for its memory, utilization and pod.");
    detail.setId("gpu-fleet-detail");
    detail.setStyle("-fx-font-family: monospace;");
    detail.setMinHeight(36);
    grid.setId("gpu-fleet-grid");
    grid.setOnHover(
        g ->
            detail.setText(
                g.map(GpuFleetPane::describe)
                    .orElse("Hover a GPU for its memory, utilization and pod.")));
    VBox.setVgrow(grid, Priority.ALWAYS);
    idle =
        new DataTable<>(
            "Held by a pod but idle",
            List.of(
                Column.text("Cluster", x -> x.gpu().cluster(), 110),
                Column.text("Node", x -> x.gpu().host(), 150),
                Column.text("GPU", x -> x.gpu().gpu(), 55),
                Column.text("Model", x -> x.gpu().model(), 170),
                Column.text("Namespace", x -> x.gpu().namespace(), 110),
                Column.text("Pod", x -> x.gpu().pod(), 200),
                Column.number("Util %", x -> x.gpu().utilPercent(), 60),
                Column.text("Memory used", x -> mem(x.gpu()), 130),
                Column.text("Idle since", x -> x.since().toString(), 170)),
            x -> x.gpu().cluster() + "/" + x.gpu().uuid(),
            io);
    idle.setId("gpu-fleet-idle");
    idle.setPlaceholder("No GPU held by a pod is idle by this rule");
    idle.setPrefHeight(200);
    HBox ruleBar = new HBox(8, new Label("Idle means utilization"), rule);
    ruleBar.setAlignment(Pos.CENTER_LEFT);
    getChildren().addAll(bar, error, legend, grid, detail, ruleBar, idle);
    model.gpusProperty().addListener((o, a, g) -> show());
    model.idleProperty().addListener((o, a, g) -> show());
  }

  private void show() {
    Set<String> idleUuids =
        model.idleProperty().get().stream().map(x -> x.gpu().uuid()).collect(Collectors.toSet());
    grid.setGpus(model.gpusProperty().get(), idleUuids);
    idle.setRows(model.idleProperty().get());
  }

  GpuGrid grid() {
    return grid;
  }

  static String describe(GpuReading g) {
    return String.format(
        Locale.ROOT,
        "%s / %s GPU %s (%s, %s): %s; utilization %s%%, %s °C, %s W%s%n%s",
        g.cluster(),
        g.host(),
        g.gpu(),
        g.model(),
        g.uuid(),
        mem(g),
        num(g.utilPercent()),
        num(g.temperatureC()),
        num(g.powerWatts()),
        Double.isNaN(g.lastXid()) || g.lastXid() == 0 ? "" : ", last XID " + num(g.lastXid()),
        g.allocatedToPod()
            ? "held by "
                + g.namespace()
                + "/"
                + g.pod()
                + (g.container().isEmpty() ? "" : " (" + g.container() + ")")
            : "not held by any pod");
  }

  private static String mem(GpuReading g) {
    return Double.isNaN(g.fbUsedMiB())
        ? "memory unknown"
        : String.format(
            Locale.ROOT, "%.1f / %.1f GiB used", g.fbUsedMiB() / 1024, g.fbTotalMiB() / 1024);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, "%.0f", v);
  }
}
