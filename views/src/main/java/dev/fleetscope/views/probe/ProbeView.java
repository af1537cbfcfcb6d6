package dev.fleetscope.views.probe;

import dev.fleetscope.probe.AllocatorKind;
import dev.fleetscope.probe.device.DeviceInfo;
import dev.fleetscope.probe.profile.Bytes;
import dev.fleetscope.probe.result.ProbeResult;
import dev.fleetscope.probe.workload.WorkloadPresets;
import dev.fleetscope.views.probe.ProbeFigures.AllocatorRow;
import dev.fleetscope.views.probe.ProbeFigures.Placement;
import dev.fleetscope.views.probe.ProbeFigures.Point;
import dev.fleetscope.views.probe.ProbeFigures.TensorRow;
import dev.fleetscope.views.shell.SectionView;
import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The GPU probe section: choose a workload and allocators, run the probe here (or only the model
 * where there is no GPU) with progress and cancel, or open a result made on a GPU host; see it as
 * tables and charts (alignment histogram, waste per tensor, bandwidth by size and offset).
 */
public final class ProbeView implements SectionView {
  private final ProbeViewModel model;
  private final Executor io;
  private final VBox root = new VBox(8);
  private final TabPane tabs = new TabPane();
  private final VBox summary = new VBox(10);
  private final VBox tensorsBox = new VBox();
  private final VBox alignmentBox = new VBox();
  private final VBox wasteBox = new VBox();
  private final VBox bandwidthBox = new VBox(8);
  private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
  private DataTable<TensorRow> tensorTable;

  public ProbeView(ProbeViewModel model, Executor io) {
    this.model = model;
    this.io = io;
    root.setId("probe-section");
    root.setPadding(new Insets(12));
    root.getChildren().addAll(controls(), progressRow(), messages(), tabs);
    VBox.setVgrow(tabs, Priority.ALWAYS);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.getTabs()
        .addAll(
            tab("Summary", scroll(summary)),
            tab("Tensors", tensorsBox),
            tab("Alignment", alignmentBox),
            tab("Waste", wasteBox),
            tab("Bandwidth", scroll(bandwidthBox)));
    summary.setPadding(new Insets(8));
    model.resultProperty().addListener((o, a, r) -> show(r));
    model.errorProperty().addListener((o, a, e) -> loaded.set(loaded.get() || !e.isEmpty()));
    installKeys();
    show(model.resultProperty().get());
    if (model.resultProperty().get() == null) {
      // Something real on first sight: the result asked for, or the model (cheap, no GPU).
      model.start();
    }
  }

  private static Tab tab(String title, Node content) {
    Tab t = new Tab(title, content);
    t.setId("probe-tab-" + title.toLowerCase(Locale.ROOT));
    return t;
  }

  private static ScrollPane scroll(Node n) {
    ScrollPane s = new ScrollPane(n);
    s.setFitToWidth(true);
    return s;
  }

  private Node controls() {
    ComboBox<String> workload = new ComboBox<>();
    workload.setId("probe-workload");
    workload.setEditable(true);
    workload
        .getItems()
        .addAll(WorkloadPresets.ALL.stream().map(WorkloadPresets.Preset::name).toList());
    workload.getEditor().textProperty().bindBidirectional(model.workloadProperty());
    workload.setPrefWidth(260);
    workload.setTooltip(
        new Tooltip("A preset (NAME or NAME:key=value,...) or a workload file (YAML/JSON)"));
    Button file = new Button("File…");
    file.setOnAction(
        e -> {
          FileChooser c = new FileChooser();
          c.setTitle("Workload file");
          c.getExtensionFilters()
              .add(new FileChooser.ExtensionFilter("Workloads", "*.yaml", "*.yml", "*.json"));
          File f = c.showOpenDialog(root.getScene().getWindow());
          if (f != null) {
            model.workloadProperty().set(f.getPath());
          }
        });
    HBox allocators = new HBox(10);
    allocators.setAlignment(Pos.CENTER_LEFT);
    for (AllocatorKind k : AllocatorKind.values()) {
      CheckBox box = new CheckBox(k.label());
      box.setId("probe-allocator-" + k.label());
      box.selectedProperty().bindBidirectional(model.allocatorProperty(k));
      if (k.measured() && model.measurementUnavailable().isPresent()) {
        box.setDisable(true);
        box.setSelected(false);
        box.setTooltip(new Tooltip("Needs a CUDA device: " + model.measurementUnavailable().get()));
      }
      allocators.getChildren().add(box);
    }
    CheckBox transfers = new CheckBox("transfers");
    transfers.setId("probe-transfers");
    transfers.selectedProperty().bindBidirectional(model.transfersProperty());
    transfers.setDisable(model.measurementUnavailable().isPresent());
    transfers.setTooltip(new Tooltip("H2D/D2H/D2D bandwidth, 4 KiB to 1 GiB, offsets 0 to 4096 B"));
    allocators.getChildren().add(transfers);
    TextField conf = new TextField();
    conf.setId("probe-alloc-conf");
    conf.setPromptText("PYTORCH_CUDA_ALLOC_CONF for the model, e.g. expandable_segments:True");
    conf.textProperty().bindBidirectional(model.allocConfProperty());
    conf.setPrefColumnCount(30);
    Button run = new Button("Run");
    run.setId("probe-run");
    run.setDefaultButton(true);
    run.disableProperty().bind(model.runningProperty());
    run.setOnAction(e -> model.run());
    run.setTooltip(new Tooltip("Run the probe (Ctrl+Enter)"));
    Button cancel = new Button("Cancel");
    cancel.setId("probe-cancel");
    cancel.disableProperty().bind(model.runningProperty().not());
    cancel.setOnAction(e -> model.cancel());
    cancel.setTooltip(new Tooltip("Stop and free everything (Esc)"));
    Button open = new Button("Open result…");
    open.setId("probe-open");
    open.setOnAction(e -> chooseResult());
    open.setTooltip(
        new Tooltip("Open a gpu-probe result JSON made here or on a GPU host (Ctrl+O)"));
    MenuItem json = new MenuItem("As JSON (probe schema)…");
    json.setOnAction(e -> exportAs(false));
    MenuItem md = new MenuItem("As Markdown…");
    md.setOnAction(e -> exportAs(true));
    MenuButton export = new MenuButton("Export", null, json, md);
    export.setId("probe-export");
    export.disableProperty().bind(model.resultProperty().isNull());
    HBox first =
        new HBox(8, new Label("Workload"), workload, file, new Label("Allocator settings"), conf);
    first.setAlignment(Pos.CENTER_LEFT);
    HBox.setHgrow(conf, Priority.ALWAYS);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox second = new HBox(8, allocators, spacer, run, cancel, open, export);
    second.setAlignment(Pos.CENTER_LEFT);
    VBox box = new VBox(8, first, second);
    model
        .measurementUnavailable()
        .ifPresent(
            why -> {
              Label notice =
                  new Label(
                      "No CUDA device on this host ("
                          + why
                          + "). The allocator model runs here; measurements come from gpu-probe"
                          + " on a GPU host: open its result with \"Open result…\".");
              notice.setId("probe-no-gpu");
              notice.setWrapText(true);
              notice.setMinHeight(Region.USE_PREF_SIZE);
              notice.getStyleClass().add("text-muted");
              box.getChildren().add(notice);
            });
    return box;
  }

  private Node progressRow() {
    ProgressBar bar = new ProgressBar();
    bar.setId("probe-progress");
    bar.progressProperty().bind(model.progressProperty());
    bar.visibleProperty().bind(model.runningProperty());
    bar.managedProperty().bind(model.runningProperty());
    bar.setPrefWidth(220);
    Label status = new Label();
    status.setId("probe-status");
    status.textProperty().bind(model.statusProperty());
    status.setWrapText(true);
    HBox row = new HBox(10, bar, status);
    row.setAlignment(Pos.CENTER_LEFT);
    return row;
  }

  private Node messages() {
    Label error = new Label();
    error.setId("probe-error");
    error.getStyleClass().add("danger-text");
    error.setStyle("-fx-text-fill: -color-danger-fg;");
    error.setWrapText(true);
    error.textProperty().bind(model.errorProperty());
    error.visibleProperty().bind(model.errorProperty().isNotEmpty());
    error.managedProperty().bind(error.visibleProperty());
    Label origin = new Label();
    origin.setId("probe-origin");
    origin.getStyleClass().add("text-muted");
    origin.textProperty().bind(model.originProperty());
    return new VBox(4, error, origin);
  }

  private void installKeys() {
    root.setOnKeyPressed(
        e -> {
          if (new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN).match(e)) {
            model.run();
            e.consume();
          } else if (e.getCode() == KeyCode.ESCAPE && model.runningProperty().get()) {
            model.cancel();
            e.consume();
          } else if (new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN).match(e)) {
            chooseResult();
            e.consume();
          }
        });
  }

  private void chooseResult() {
    FileChooser c = new FileChooser();
    c.setTitle("Open a gpu-probe result");
    c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Probe results", "*.json"));
    File f = c.showOpenDialog(root.getScene().getWindow());
    if (f != null) {
      model.open(f.toPath());
    }
  }

  private void exportAs(boolean markdown) {
    FileChooser c = new FileChooser();
    c.setTitle("Export the probe result");
    c.setInitialFileName(markdown ? "gpu-probe.md" : "gpu-probe.json");
    File f = c.showSaveDialog(root.getScene().getWindow());
    if (f != null) {
      model.export(f.toPath(), markdown);
    }
  }

  private void show(ProbeResult r) {
    if (r == null) {
      summary.getChildren().setAll(new Label("No result yet."));
      return;
    }
    List<TensorRow> rows = ProbeFigures.tensors(r);
    showSummary(r);
    showTensors(r, rows);
    showAlignment(r);
    showWaste(r, rows);
    showBandwidth(r);
    loaded.set(true);
  }

  private void showSummary(ProbeResult r) {
    List<Node> out = new ArrayList<>();
    for (DeviceInfo d : r.devices()) {
      out.add(heading("Device " + d.index() + ": " + d.name()));
      out.add(
          new Label(
              String.format(
                  Locale.ROOT,
                  "compute %s, %d SMs, %s (%s free); texture alignment %d B; VMM granularity %s"
                      + " (recommended %s); memory pools %s; %s; %s",
                  d.computeCapability(),
                  d.multiprocessors(),
                  Bytes.format(d.totalBytes()),
                  Bytes.format(d.freeBytes()),
                  d.textureAlignment(),
                  Bytes.format(d.vmmGranularityMinimum()),
                  Bytes.format(d.vmmGranularityRecommended()),
                  d.memoryPoolsSupported() ? "yes" : "no",
                  d.link() == null
                      ? "PCIe link unknown"
                      : d.link()
                          + String.format(
                              Locale.ROOT,
                              " (%.1f GB/s per direction)",
                              d.link().theoreticalGBps()),
                  d.driverVersion())));
    }
    if (r.workload() != null) {
      ProbeResult.WorkloadSummary w = r.workload();
      out.add(heading("Workload: " + w.name()));
      out.add(
          new Label(
              String.format(
                  Locale.ROOT,
                  "%s — %d tensors, %d events, %s in all, peak %s live",
                  w.source(),
                  w.tensors(),
                  w.events(),
                  Bytes.format(w.totalBytes()),
                  Bytes.format(w.peakLiveBytes()))));
    }
    out.add(heading("Allocators"));
    DataTable<AllocatorRow> table =
        new DataTable<>(
            "Allocators",
            List.of(
                Column.text("Allocator", AllocatorRow::allocator, 110),
                Column.text("Result", AllocatorRow::kind, 90),
                Column.text("Alloc median", a -> us(a.allocMedianUs()), 100),
                Column.text("Alloc p99", a -> us(a.allocP99Us()), 90),
                Column.text("Free median", a -> us(a.freeMedianUs()), 100),
                Column.text("Free p99", a -> us(a.freeP99Us()), 90),
                Column.text(
                    "Rounding waste",
                    a ->
                        Bytes.format(a.waste())
                            + (a.unknownWaste() > 0 ? " (+" + a.unknownWaste() + " unknown)" : ""),
                    170)),
            AllocatorRow::allocator,
            io);
    table.setId("probe-allocators");
    table.setRows(ProbeFigures.allocators(r));
    table.setPrefHeight(190);
    out.add(table);
    if (r.model() != null) {
      var s = r.model().stats();
      String conf = r.model().config().asAllocConf();
      out.add(
          heading(
              "PyTorch caching allocator (modelled" + (conf.isEmpty() ? "" : ", " + conf) + ")"));
      out.add(
          new Label(
              String.format(
                  Locale.ROOT,
                  "peak reserved %s, peak allocated %s, peak requested %s: %.1f%% of reserved memory not requested at the peak."
                      + "%nAt the end: %d segments, %s reserved, %s inactive split, largest free block %s; %d segment allocations, %d releases, %d out-of-memory.",
                  Bytes.format(s.peakReserved()),
                  Bytes.format(s.peakAllocated()),
                  Bytes.format(s.peakRequested()),
                  100 * s.peakWasteRatio(),
                  s.segments(),
                  Bytes.format(s.reserved()),
                  Bytes.format(s.inactiveSplitBytes()),
                  Bytes.format(s.largestFreeBlock()),
                  s.cudaMallocs(),
                  s.cudaFrees(),
                  s.ooms())));
    }
    if (!r.problems().isEmpty()) {
      out.add(heading("Not measured"));
      for (String p : r.problems()) {
        Label l = new Label("• " + p);
        l.setWrapText(true);
        out.add(l);
      }
    }
    out.forEach(
        n -> {
          if (n instanceof Label l) {
            l.setWrapText(true);
          }
        });
    summary.getChildren().setAll(out);
  }

  private static Label heading(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("title-4");
    return l;
  }

  private static String us(double v) {
    return v < 0 ? "—" : String.format(Locale.ROOT, "%.1f µs", v);
  }

  private void showTensors(ProbeResult r, List<TensorRow> rows) {
    List<String> allocators = ProbeViewModel.allocatorsOf(r);
    ComboBox<String> which = new ComboBox<>(FXCollections.observableArrayList(allocators));
    which.setId("probe-tensors-allocator");
    HBox pick = new HBox(8, new Label("Placement by"), which);
    pick.setAlignment(Pos.CENTER_LEFT);
    pick.setPadding(new Insets(6, 0, 6, 0));
    which.valueProperty().addListener((o, old, a) -> tensorTable(rows, a, allocators, pick));
    if (allocators.isEmpty()) {
      tensorsBox.getChildren().setAll(new Label("No tensors in this result."));
    } else {
      which.setValue(allocators.get(0));
    }
  }

  /** One allocator's placement per tensor, beside the model's block when both are there. */
  private void tensorTable(List<TensorRow> rows, String a, List<String> allocators, Node pick) {
    List<Column<TensorRow>> columns = new ArrayList<>();
    columns.add(Column.text("Tensor", TensorRow::name, 300));
    columns.add(Column.text("dtype", TensorRow::dtype, 70));
    columns.add(Column.text("Shape", TensorRow::shape, 130));
    columns.add(Column.number("Bytes", TensorRow::bytes, 110));
    columns.add(Column.text("Address", t -> hex(t.of(a)), 140));
    columns.add(
        Column.text(
            "Alignment",
            t ->
                t.of(a) == null || t.of(a).alignment() == 0
                    ? ""
                    : ProbeFigures.alignmentLabel(t.of(a).alignment()),
            90));
    columns.add(
        Column.text(
            "Rounding waste",
            t ->
                t.of(a) == null
                    ? ""
                    : t.of(a).waste() < 0 ? "unknown" : Bytes.format(t.of(a).waste()),
            110));
    if (!a.equals("model") && allocators.contains("model")) {
      columns.add(
          Column.text(
              "Model: block",
              t ->
                  t.of("model") == null || t.of("model").address() < 0
                      ? ""
                      : Bytes.format(t.bytes() + t.of("model").waste()),
              110));
      columns.add(
          Column.text(
              "Model: alignment",
              t ->
                  t.of("model") == null || t.of("model").alignment() == 0
                      ? ""
                      : ProbeFigures.alignmentLabel(t.of("model").alignment()),
              120));
    }
    tensorTable = new DataTable<>("Tensors", columns, TensorRow::index, io);
    tensorTable.setId("probe-tensors");
    tensorTable.setPlaceholder("No tensors in this result");
    tensorTable.setRows(rows);
    VBox.setVgrow(tensorTable, Priority.ALWAYS);
    tensorsBox.getChildren().setAll(pick, tensorTable);
  }

  private static String hex(Placement p) {
    if (p == null) {
      return "";
    }
    return p.address() < 0 ? "did not fit" : "0x" + Long.toHexString(p.address());
  }

  private void showAlignment(ProbeResult r) {
    Map<String, Map<Long, Integer>> h = ProbeFigures.alignments(r);
    CategoryAxis x = new CategoryAxis();
    x.setLabel("Alignment of the returned address (largest power of two dividing it)");
    NumberAxis y = new NumberAxis();
    y.setLabel("Tensors");
    BarChart<String, Number> chart = new BarChart<>(x, y);
    chart.setId("probe-alignment-chart");
    chart.setTitle("Alignment histogram");
    chart.setAnimated(false);
    List<String> categories =
        ProbeFigures.alignmentBuckets(h).stream().map(ProbeFigures::alignmentLabel).toList();
    x.setCategories(FXCollections.observableArrayList(categories));
    h.forEach(
        (allocator, hist) -> {
          XYChart.Series<String, Number> s = new XYChart.Series<>();
          s.setName(allocator);
          hist.forEach(
              (a, n) -> s.getData().add(new XYChart.Data<>(ProbeFigures.alignmentLabel(a), n)));
          chart.getData().add(s);
        });
    VBox.setVgrow(chart, Priority.ALWAYS);
    alignmentBox.getChildren().setAll(chart);
  }

  private void showWaste(ProbeResult r, List<TensorRow> rows) {
    List<TensorRow> top = ProbeFigures.mostWasteful(rows, 15);
    CategoryAxis x = new CategoryAxis();
    NumberAxis y = new NumberAxis();
    y.setLabel("Rounding waste (KiB; measured: inferred from the next address)");
    BarChart<String, Number> chart = new BarChart<>(x, y);
    chart.setId("probe-waste-chart");
    chart.setTitle(
        top.isEmpty()
            ? "No tensor wastes memory to rounding"
            : "The " + top.size() + " tensors that waste most to rounding");
    chart.setAnimated(false);
    x.setTickLabelRotation(-30);
    for (String a : ProbeViewModel.allocatorsOf(r)) {
      XYChart.Series<String, Number> s = new XYChart.Series<>();
      s.setName(a);
      for (TensorRow t : top) {
        Placement p = t.of(a);
        if (p != null && p.waste() >= 0) {
          s.getData().add(new XYChart.Data<>(shortName(t.name()), p.waste() / 1024.0));
        }
      }
      chart.getData().add(s);
    }
    VBox.setVgrow(chart, Priority.ALWAYS);
    wasteBox.getChildren().setAll(chart);
  }

  private static String shortName(String name) {
    return name.length() <= 34 ? name : "…" + name.substring(name.length() - 33);
  }

  private void showBandwidth(ProbeResult r) {
    Map<String, List<Point>> bySize = ProbeFigures.bandwidthBySize(r);
    if (bySize.isEmpty()) {
      Label none =
          new Label(
              model.measurementUnavailable().isPresent()
                  ? "No transfers in this result. Transfers are measured on a GPU host: run gpu-probe --transfers there and open its result here."
                  : "No transfers in this result: tick \"transfers\" and run.");
      none.setWrapText(true);
      bandwidthBox.getChildren().setAll(none);
      return;
    }
    NumberAxis x = new NumberAxis();
    x.setLabel("Copy size");
    x.setTickLabelFormatter(
        new StringConverter<>() {
          @Override
          public String toString(Number n) {
            return Bytes.format(1L << Math.round(n.doubleValue()));
          }

          @Override
          public Number fromString(String s) {
            return 0;
          }
        });
    x.setAutoRanging(false);
    x.setLowerBound(12);
    x.setUpperBound(30.6);
    x.setTickUnit(2);
    NumberAxis y = new NumberAxis();
    y.setLabel("GB/s");
    LineChart<Number, Number> chart = new LineChart<>(x, y);
    chart.setId("probe-bandwidth-chart");
    chart.setTitle(
        String.format(
            Locale.ROOT,
            "Bandwidth by size (aligned) — link %s, %.1f GB/s per direction",
            r.transfers().link(),
            r.transfers().linkGBps()));
    chart.setAnimated(false);
    chart.setPrefHeight(340);
    bySize.forEach(
        (kind, points) -> {
          if (kind.startsWith("D2D")) {
            return; // device copies are 20x faster and would flatten the rest; shown per offset
            // below
          }
          XYChart.Series<Number, Number> s = new XYChart.Series<>();
          s.setName(kind);
          for (Point p : points) {
            s.getData().add(new XYChart.Data<>(Math.log(p.bytes()) / Math.log(2), p.gbps()));
          }
          chart.getData().add(s);
        });
    ComboBox<Long> size =
        new ComboBox<>(FXCollections.observableArrayList(ProbeFigures.transferSizes(r)));
    size.setId("probe-offset-size");
    size.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(Long v) {
            return v == null ? "" : Bytes.format(v);
          }

          @Override
          public Long fromString(String s) {
            return null;
          }
        });
    VBox offsets = new VBox();
    size.valueProperty().addListener((o, a, b) -> offsets.getChildren().setAll(offsetChart(r, b)));
    size.setValue(
        ProbeFigures.transferSizes(r).contains(1L << 20)
            ? 1L << 20
            : ProbeFigures.transferSizes(r).get(0));
    HBox pick = new HBox(8, new Label("Misalignment cost at"), size);
    pick.setAlignment(Pos.CENTER_LEFT);
    bandwidthBox.getChildren().setAll(chart, pick, offsets);
  }

  private static Node offsetChart(ProbeResult r, long size) {
    Map<String, Map<String, Double>> byOffset = ProbeFigures.bandwidthByOffset(r, size);
    CategoryAxis x = new CategoryAxis();
    x.setLabel("Offset of source or destination (bytes)");
    NumberAxis y = new NumberAxis();
    y.setLabel("GB/s");
    BarChart<String, Number> chart = new BarChart<>(x, y);
    chart.setId("probe-offset-chart");
    chart.setAnimated(false);
    chart.setTitle("Bandwidth by offset, " + Bytes.format(size) + " copies");
    chart.setPrefHeight(320);
    Map<String, XYChart.Series<String, Number>> series = new java.util.LinkedHashMap<>();
    byOffset.forEach(
        (offset, kinds) ->
            kinds.forEach(
                (kind, gbps) -> {
                  XYChart.Series<String, Number> s =
                      series.computeIfAbsent(
                          kind,
                          k -> {
                            XYChart.Series<String, Number> n = new XYChart.Series<>();
                            n.setName(k);
                            return n;
                          });
                  s.getData().add(new XYChart.Data<>(offset, gbps));
                }));
    chart.getData().addAll(series.values());
    return chart;
  }

  @Override
  public Node node() {
    return root;
  }

  @Override
  public List<String> subViews() {
    return tabs.getTabs().stream().map(t -> t.getText().toLowerCase(Locale.ROOT)).toList();
  }

  @Override
  public void showSubView(String name) {
    tabs.getTabs().stream()
        .filter(t -> t.getText().equalsIgnoreCase(name))
        .findFirst()
        .ifPresent(t -> tabs.getSelectionModel().select(t));
  }

  @Override
  public ObservableBooleanValue loaded() {
    return loaded.getReadOnlyProperty();
  }

  @Override
  public void focusSearch() {
    if (tensorTable != null) {
      tabs.getSelectionModel().select(1);
      tensorTable.focusSearch();
    }
  }

  @Override
  public void close() {
    model.cancel();
  }
}
