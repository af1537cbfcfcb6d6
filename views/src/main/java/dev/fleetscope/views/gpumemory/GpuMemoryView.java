package dev.fleetscope.views.gpumemory;

import dev.fleetscope.views.shell.SectionView;
import java.io.File;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.FileChooser;

/**
 * The GPU memory section: a PyTorch allocator snapshot (or the demo one) as a segment/block map
 * with its fragmentation figures; hover a block for its sizes, alignment and stack.
 */
public final class GpuMemoryView implements SectionView {
  private final GpuMemoryViewModel model;
  private final VBox root = new VBox(8);
  private final javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane();
  private final GpuFleetViewModel fleet;
  private final GpuFleetPane fleetPane;
  private final SegmentMap map = new SegmentMap();
  private final Label hover =
      new Label("Hover a block for its size, requested size, address, alignment and stack.");
  private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);

  /**
   * @param fleet the fleet grid's model, or null where there is no metrics source at all
   */
  public GpuMemoryView(
      GpuMemoryViewModel model, GpuFleetViewModel fleet, java.util.concurrent.Executor io) {
    this.model = model;
    this.fleet = fleet;
    root.setId("gpu-memory-allocator");
    root.setPadding(new Insets(12));
    tabs.setId("gpu-memory-section");
    tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
    if (fleet != null) {
      fleetPane = new GpuFleetPane(fleet, io);
      fleetPane.setPadding(new Insets(12));
      tabs.getTabs().add(new javafx.scene.control.Tab("Fleet", fleetPane));
      fleet.gpusProperty().addListener((o, a, g) -> loaded.set(loaded.get() || !g.isEmpty()));
    } else {
      fleetPane = null;
    }
    tabs.getTabs().add(new javafx.scene.control.Tab("Allocator snapshot", root));
    Button open = new Button("Open snapshot…");
    open.setId("gpu-memory-open");
    open.setTooltip(new Tooltip("A pickle written by torch.cuda.memory._dump_snapshot (Ctrl+O)"));
    open.setOnAction(e -> choose());
    open.setMinWidth(Region.USE_PREF_SIZE);
    javafx.scene.control.ProgressBar busy = new javafx.scene.control.ProgressBar();
    busy.setId("gpu-memory-progress");
    busy.setPrefWidth(140);
    busy.progressProperty().bind(model.progressProperty());
    busy.visibleProperty().bind(model.loadingProperty());
    busy.managedProperty().bind(busy.visibleProperty());
    Button cancel = new Button("Cancel");
    cancel.setId("gpu-memory-cancel");
    cancel.setTooltip(new Tooltip("Stop reading this snapshot; the map keeps what it shows"));
    cancel.setOnAction(e -> model.cancelOpen());
    cancel.visibleProperty().bind(model.loadingProperty());
    cancel.managedProperty().bind(cancel.visibleProperty());
    Label origin = new Label();
    origin.setId("gpu-memory-origin");
    origin.textProperty().bind(model.originProperty());
    Button compareFile = new Button("Compare with…");
    compareFile.setId("gpu-memory-compare-file");
    compareFile.setTooltip(
        new Tooltip("Another snapshot or probe result: layouts and figures side by side"));
    compareFile.setOnAction(e -> chooseComparison());
    compareFile.disableProperty().bind(model.snapshotProperty().isNull());
    Button compareModel = new Button("Compare with the model");
    compareModel.setId("gpu-memory-compare-model");
    compareModel.setTooltip(
        new Tooltip("Replay this snapshot's recorded history through the allocator model"));
    compareModel.setOnAction(e -> model.compareWithModel());
    compareModel.disableProperty().bind(model.timelineProperty().isNull());
    HBox bar = new HBox(10, open, compareFile, compareModel, busy, cancel, origin);
    compareFile.setMinWidth(Region.USE_PREF_SIZE);
    compareModel.setMinWidth(Region.USE_PREF_SIZE);
    bar.setAlignment(Pos.CENTER_LEFT);
    Label error = new Label();
    error.setId("gpu-memory-error");
    error.setWrapText(true);
    error.setStyle("-fx-text-fill: -color-danger-fg;");
    error.textProperty().bind(model.errorProperty());
    error.visibleProperty().bind(model.errorProperty().isNotEmpty());
    error.managedProperty().bind(error.visibleProperty());
    Label totals = new Label();
    totals.setId("gpu-memory-totals");
    totals.setWrapText(true);
    totals.setMinHeight(Region.USE_PREF_SIZE);
    model
        .figuresProperty()
        .addListener((o, a, f) -> totals.setText(f == null ? "" : GpuMemoryViewModel.totals(f)));
    hover.setId("gpu-memory-hover");
    hover.setWrapText(true);
    hover.setMinHeight(70);
    hover.setAlignment(Pos.TOP_LEFT);
    hover.setStyle("-fx-font-family: monospace;");
    map.setId("gpu-memory-map");
    map.setTextColor(Color.web("#8a8f98"));
    map.setOnHover(
        h ->
            hover.setText(
                h.map(
                        x ->
                            marked(
                                GpuMemoryViewModel.describe(x.segment(), x.block()),
                                map.isMarked(x.segmentIndex())))
                    .orElse(
                        "Hover a block for its size, requested size, address, alignment and stack.")));
    VBox.setVgrow(map, Priority.ALWAYS);
    Label help =
        new Label(
            "One row per segment (S small pool, L large), scaled to the row · Ctrl+wheel or +/− zoom, drag to pan, 0 resets");
    help.getStyleClass().add("text-muted");
    root.getChildren()
        .addAll(bar, error, totals, diffPanel(), legend(), help, map, timelineBar(), hover);
    model.shownProperty().addListener((o, a, s) -> map.setSnapshot(s));
    model.differingProperty().addListener((o, a, s) -> map.setMarked(s));
    model.snapshotProperty().addListener((o, a, s) -> loaded.set(true));
    model.errorProperty().addListener((o, a, e) -> loaded.set(loaded.get() || !e.isEmpty()));
    root.setOnKeyPressed(
        e -> {
          if (new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN).match(e)) {
            choose();
            e.consume();
          }
        });
  }

  /**
   * A hovered block's description, with "not in the other layout" at the end of its segment line
   * (the second) when the comparison marked that segment, so it shows without scrolling.
   */
  static String marked(String description, boolean marked) {
    if (!marked) {
      return description;
    }
    int first = description.indexOf('\n');
    int second = first < 0 ? -1 : description.indexOf('\n', first + 1);
    String note = " · no segment of this shape in the other layout";
    return second < 0
        ? description + note
        : description.substring(0, second) + note + description.substring(second);
  }

  /** A comparison's figures side by side and its verdict on the layouts. */
  private Node diffPanel() {
    GridPane grid = new GridPane();
    grid.setHgap(16);
    grid.setVgap(2);
    Label verdict = new Label();
    verdict.setId("gpu-memory-verdict");
    verdict.setWrapText(true);
    Button closeDiff = new Button("Close comparison");
    javafx.scene.control.ToggleButton flip =
        new javafx.scene.control.ToggleButton("Show the other in the map");
    flip.setId("gpu-memory-flip");
    flip.setTooltip(
        new Tooltip("Flip the map between this snapshot and the one it is compared with"));
    flip.selectedProperty().addListener((o, a, on) -> model.showCompared(on));
    HBox actions = new HBox(8, flip, closeDiff);
    VBox box = new VBox(6, verdict, grid, actions);
    box.setPadding(new Insets(8));
    box.setStyle("-fx-border-color: -color-border-default; -fx-border-radius: 4;");
    box.setVisible(false);
    box.managedProperty().bind(box.visibleProperty());
    closeDiff.setOnAction(
        e -> {
          flip.setSelected(false);
          model.closeComparison();
        });
    model
        .diffProperty()
        .addListener(
            (o, a, d) -> {
              box.setVisible(d != null);
              flip.setSelected(false);
              grid.getChildren().clear();
              if (d == null) {
                return;
              }
              verdict.setText(GpuMemoryViewModel.verdict(d));
              grid.addRow(0, bold(""), bold("this snapshot"), bold(shorten(d.nameB())));
              String[][] rows = {
                {
                  "reserved",
                  GpuMemoryViewModel.bytes(d.a().reserved()),
                  GpuMemoryViewModel.bytes(d.b().reserved())
                },
                {
                  "allocated",
                  GpuMemoryViewModel.bytes(d.a().allocated()),
                  GpuMemoryViewModel.bytes(d.b().allocated())
                },
                {
                  "cached free",
                  GpuMemoryViewModel.bytes(d.a().free()),
                  GpuMemoryViewModel.bytes(d.b().free())
                },
                {
                  "inactive split",
                  GpuMemoryViewModel.bytes(d.a().inactiveSplit()),
                  GpuMemoryViewModel.bytes(d.b().inactiveSplit())
                },
                {
                  "largest free block",
                  GpuMemoryViewModel.bytes(d.a().largestFree()),
                  GpuMemoryViewModel.bytes(d.b().largestFree())
                },
                {
                  "segments", Integer.toString(d.a().segments()), Integer.toString(d.b().segments())
                },
                {"external fragmentation", pct(d.a().external()), pct(d.b().external())}
              };
              for (int i = 0; i < rows.length; i++) {
                grid.addRow(
                    i + 1, new Label(rows[i][0]), new Label(rows[i][1]), new Label(rows[i][2]));
              }
            });
    return box;
  }

  private static Label bold(String text) {
    Label l = new Label(text);
    l.setStyle("-fx-font-weight: bold;");
    return l;
  }

  private static String shorten(String name) {
    return name.length() <= 60 ? name : "…" + name.substring(name.length() - 59);
  }

  private static String pct(double v) {
    return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * v);
  }

  private void chooseComparison() {
    FileChooser c = new FileChooser();
    c.setTitle("Compare with a snapshot or probe result");
    File f = c.showOpenDialog(root.getScene().getWindow());
    if (f != null) {
      compareWith(f.toPath());
    }
  }

  /** The history slider: drag through the recorded events; OOMs have their own buttons. */
  private Node timelineBar() {
    Slider slider = new Slider();
    slider.setId("gpu-memory-timeline");
    slider.setMin(0);
    HBox.setHgrow(slider, Priority.ALWAYS);
    Label moment = new Label();
    moment.setId("gpu-memory-moment");
    moment.textProperty().bind(model.momentProperty());
    HBox ooms = new HBox(6);
    ooms.setAlignment(Pos.CENTER_LEFT);
    VBox box = new VBox(4, new HBox(8, new Label("History"), slider, ooms), moment);
    box.visibleProperty().bind(model.timelineProperty().isNotNull());
    box.managedProperty().bind(box.visibleProperty());
    model
        .timelineProperty()
        .addListener(
            (o, a, t) -> {
              ooms.getChildren().clear();
              if (t == null) {
                return;
              }
              slider.setMax(t.events());
              slider.setValue(t.events());
              for (int i : t.ooms()) {
                Button oom = new Button("OOM at event " + i);
                oom.getStyleClass().add("danger");
                oom.setOnAction(e -> slider.setValue(i));
                ooms.getChildren().add(oom);
              }
            });
    slider
        .valueProperty()
        .addListener((o, a, v) -> model.showAt((int) Math.round(v.doubleValue())));
    return box;
  }

  private static Node legend() {
    HBox box = new HBox(14);
    box.setAlignment(Pos.CENTER_LEFT);
    String[][] items = {
      {"allocated", "ACTIVE_ALLOCATED"},
      {"rounding waste", ""},
      {"pending free", "ACTIVE_PENDING_FREE"},
      {"cached free", "INACTIVE"}
    };
    for (String[] item : items) {
      Rectangle r =
          new Rectangle(
              12,
              12,
              item[1].isEmpty()
                  ? Color.web("#1e3a8a")
                  : SegmentMap.colour(
                      dev.fleetscope.services.gpumemory.BlockState.valueOf(item[1])));
      Label l = new Label(item[0], r);
      box.getChildren().add(l);
    }
    return box;
  }

  private void choose() {
    FileChooser c = new FileChooser();
    c.setTitle("Open a PyTorch memory snapshot");
    c.getExtensionFilters()
        .add(new FileChooser.ExtensionFilter("Snapshots", "*.pickle", "*.pkl", "*"));
    File f = c.showOpenDialog(root.getScene().getWindow());
    if (f != null) {
      model.open(f.toPath());
    }
  }

  @Override
  public java.util.List<String> subViews() {
    return tabs.getTabs().stream()
        .map(t -> t.getText().toLowerCase(java.util.Locale.ROOT).split(" ")[0])
        .toList();
  }

  @Override
  public void showSubView(String name) {
    tabs.getTabs().stream()
        .filter(t -> t.getText().toLowerCase(java.util.Locale.ROOT).startsWith(name))
        .findFirst()
        .ifPresent(t -> tabs.getSelectionModel().select(t));
  }

  /** The fleet grid, for tests; null without a metrics source. */
  public GpuGrid grid() {
    return fleetPane == null ? null : fleetPane.grid();
  }

  /** The map, for tests. */
  /** Compares the snapshot on screen with a snapshot or probe result file (as "Compare with…"). */
  public void compareWith(java.nio.file.Path file) {
    model.compareWith(file);
  }

  public SegmentMap map() {
    return map;
  }

  @Override
  public Node node() {
    return tabs;
  }

  @Override
  public ObservableBooleanValue loaded() {
    return loaded.getReadOnlyProperty();
  }

  @Override
  public void focusSearch() {
    map.requestFocus();
  }

  @Override
  public void close() {
    if (fleet != null) {
      fleet.stop();
    }
  }
}
