package dev.fleetscope.views.ebpf;

import dev.fleetscope.services.ebpf.HistSeries;
import dev.fleetscope.services.ebpf.ScriptLibrary;
import dev.fleetscope.services.ebpf.TraceAggregator;
import dev.fleetscope.services.ebpf.TraceParams;
import dev.fleetscope.services.ebpf.TraceScript;
import dev.fleetscope.views.common.PulseCoalescer;
import dev.fleetscope.views.shell.SectionView;
import dev.fleetscope.views.widgets.CanvasTable;
import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import dev.fleetscope.views.widgets.FileExport;
import dev.fleetscope.views.widgets.Png;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * eBPF traces: pick where (this host, a cluster node, a recording) and what (a library script with
 * its parameters, or your own), run it, and read the stream as histograms with a heatmap, events,
 * glitches by cause, a flame graph, and maps. Keys: Ctrl+Enter start, Ctrl+Period stop (SIGINT),
 * Ctrl+F filter events, Ctrl+O open a recording.
 */
public final class EbpfView implements SectionView {
  private static final List<String> TABS =
      List.of("histogram", "events", "glitches", "flame", "maps", "log");

  private final EbpfViewModel model;
  private final Executor io;
  private final BorderPane root = new BorderPane();
  private final SimpleBooleanProperty loaded = new SimpleBooleanProperty();
  private final ComboBox<TraceControl.Target> target = new ComboBox<>();
  private final ComboBox<TraceScript> script = new ComboBox<>();
  private final TextField pid = field("ebpf-pid", "0", 6, "Process id to trace; 0 = all");
  private final TextField cgroup = field("ebpf-cgroup", "0", 8, "cgroup v2 id to trace; 0 = all");
  private final TextField threshold =
      field(
          "ebpf-threshold",
          "10",
          5,
          "Events at or over this many milliseconds are printed and are glitches");
  private final TextField duration =
      field("ebpf-duration", "30", 5, "How long the trace runs, seconds");
  private final TextField interval =
      field("ebpf-interval", "1", 3, "One histogram column per interval, seconds");
  private final TextField capacity =
      field(
          "ebpf-capacity",
          "100000",
          8,
          "How many of the latest events are kept (memory stays bounded)");
  private final TextArea custom = new TextArea();
  private final Label about = new Label();
  private final Label sourceBadge = new Label();
  private final Label status = new Label();
  private final Label problem = new Label();
  private final Label leftovers = new Label();
  private final HBox leftoverBar = new HBox(8);
  private final TabPane tabs = new TabPane();
  private final ComboBox<String> histChoice = new ComboBox<>();
  private final HistogramChart histogram = new HistogramChart();
  private final Heatmap heatmap = new Heatmap();
  private final CanvasTable<EbpfViewModel.EventRow> events;
  private final CanvasTable<EbpfViewModel.GlitchRow> glitches;
  private final FlowPane glitchGroups = new FlowPane(8, 6);
  private final DataTable<TraceAggregator.MapRow> maps;
  private final ComboBox<String> stackChoice = new ComboBox<>();
  private final FlameGraphView flame = new FlameGraphView();
  private final ListView<String> log = new ListView<>();
  private final Runnable unregister;
  private boolean autoPlayed;
  private EbpfViewModel.Shown lastShown;
  private List<TraceAggregator.GlitchGroup> shownGroups = List.of();

  public EbpfView(EbpfViewModel model, PulseCoalescer pulse, Executor io) {
    this.model = model;
    this.io = io;
    root.setId("ebpf-section");

    target.setId("ebpf-target");
    target.setItems(model.targets());
    target.setPrefWidth(250);
    target.setPromptText("Where to trace");
    script.setId("ebpf-script");
    List<TraceScript> scripts = new ArrayList<>(ScriptLibrary.all());
    scripts.add(
        TraceScript.custom(
            "tracepoint:sched:sched_switch { @switches[args->prev_comm] = count(); }\ninterval:s:1 { time(\"%H:%M:%S\\n\"); print(@switches); clear(@switches); }"));
    script.getItems().setAll(scripts);
    script.setConverter(
        new javafx.util.StringConverter<>() {
          @Override
          public String toString(TraceScript s) {
            return s == null ? "" : s.title();
          }

          @Override
          public TraceScript fromString(String s) {
            return null;
          }
        });
    script.getSelectionModel().selectFirst();
    custom.setId("ebpf-custom");
    custom.setPrefRowCount(5);
    custom.setStyle("-fx-font-family: monospace;");
    custom.setText(scripts.get(scripts.size() - 1).source());
    custom.managedProperty().bind(custom.visibleProperty());
    script.valueProperty().addListener((o, a, b) -> scriptChanged());

    Button start = new Button("Start");
    start.setId("ebpf-start");
    start.getStyleClass().add("accent");
    start.setTooltip(new Tooltip("Start the trace (Ctrl+Enter)"));
    start.disableProperty().bind(model.runningProperty().or(target.valueProperty().isNull()));
    start.setOnAction(e -> start());
    Button stop = new Button("Stop");
    stop.setId("ebpf-stop");
    stop.setTooltip(new Tooltip("SIGINT: bpftrace prints its maps, then ends (Ctrl+.)"));
    stop.disableProperty().bind(model.runningProperty().not());
    stop.setOnAction(e -> model.stop());
    Button cancel = new Button("Cancel");
    cancel.setId("ebpf-cancel");
    cancel.setTooltip(new Tooltip("End now, without the final maps"));
    cancel.disableProperty().bind(model.runningProperty().not());
    cancel.setOnAction(e -> model.cancel());
    Button open = new Button("Open recording…");
    open.setId("ebpf-open");
    open.disableProperty().bind(model.runningProperty());
    open.setOnAction(e -> openRecording());
    Button save = new Button("Save recording…");
    save.setId("ebpf-save");
    save.setOnAction(e -> saveRecording());
    MenuItem json = new MenuItem("Summary as JSON…");
    json.setOnAction(
        e ->
            FileExport.save(
                root,
                "Export trace summary",
                "JSON",
                "json",
                model.recordingName() + ".json",
                () -> model.exportJson().getBytes(StandardCharsets.UTF_8),
                io));
    MenuItem csv = new MenuItem("Events as CSV…");
    csv.setOnAction(
        e ->
            FileExport.save(
                root,
                "Export trace events",
                "CSV",
                "csv",
                model.recordingName() + "-events.csv",
                () -> model.exportCsv().getBytes(StandardCharsets.UTF_8),
                io));
    MenuItem png = new MenuItem("This tab as PNG…");
    png.setOnAction(
        e -> {
          Node content = tabs.getSelectionModel().getSelectedItem().getContent();
          FileExport.save(
              root,
              "Save as PNG",
              "PNG",
              "png",
              model.recordingName() + "-" + currentTab() + ".png",
              () -> Png.encode(content.snapshot(null, null)),
              io);
        });
    MenuButton export = new MenuButton("Export", null, json, csv, png);
    export.setId("ebpf-export");

    FlowPane controls =
        new FlowPane(
            8,
            6,
            labelled("Target", target),
            labelled("Script", script),
            labelled("PID", pid),
            labelled("cgroup", cgroup),
            labelled("Glitch ≥ ms", threshold),
            labelled("Duration s", duration),
            labelled("Interval s", interval),
            labelled("Keep events", capacity),
            start,
            stop,
            cancel,
            open,
            save,
            export);
    controls.setAlignment(Pos.CENTER_LEFT);
    about.getStyleClass().add("text-muted");
    about.setWrapText(true);
    sourceBadge.setId("ebpf-source");
    sourceBadge.getStyleClass().addAll("badge", "badge-info");
    sourceBadge.textProperty().bind(model.sourceProperty());
    sourceBadge.visibleProperty().bind(model.sourceProperty().isNotEmpty());
    model
        .sourceProperty()
        .addListener(
            (o, a, b) -> {
              sourceBadge.getStyleClass().removeAll("badge-info", "badge-warning");
              sourceBadge
                  .getStyleClass()
                  .add(b.startsWith("RECORDED") ? "badge-warning" : "badge-info");
            });
    status.setId("ebpf-status");
    status.textProperty().bind(model.statusProperty());
    problem.setId("ebpf-problem");
    problem.getStyleClass().add("danger");
    problem.setWrapText(true);
    problem.textProperty().bind(model.problemProperty());
    problem.managedProperty().bind(problem.visibleProperty());
    problem.visibleProperty().bind(model.problemProperty().isNotEmpty());
    // The status changes 4 times a second while a trace runs. Unmanaged, it lays itself out
    // alone: its text does not ask the whole section (and a full table) to lay out and repaint.
    status.setManaged(false);
    javafx.scene.layout.Pane statusHolder =
        new javafx.scene.layout.Pane(status) {
          @Override
          protected void layoutChildren() {
            status.resizeRelocate(0, 0, getWidth(), getHeight());
          }
        };
    statusHolder.setMinHeight(22);
    statusHolder.setPrefHeight(22);
    statusHolder.setMinWidth(200);
    HBox.setHgrow(statusHolder, Priority.ALWAYS);
    HBox statusLine = new HBox(8, sourceBadge, statusHolder);
    statusLine.setAlignment(Pos.CENTER_LEFT);
    leftoverBar.setId("ebpf-leftovers");
    leftoverBar.setAlignment(Pos.CENTER_LEFT);
    leftoverBar.getStyleClass().add("warning-bar");
    leftoverBar.setVisible(false);
    leftoverBar.managedProperty().bind(leftoverBar.visibleProperty());
    Button clean = new Button("Delete them…");
    clean.setOnAction(e -> cleanUpLeftovers());
    leftovers.setWrapText(true);
    leftoverBar.getChildren().addAll(leftovers, clean);

    VBox top = new VBox(6, controls, about, custom, leftoverBar, statusLine, problem);
    top.setPadding(new Insets(8, 10, 6, 10));
    root.setTop(top);

    // Histogram tab: chosen histogram, its heatmap below.
    histChoice.setId("ebpf-hist-choice");
    histChoice.setPrefWidth(240);
    histChoice.setPromptText("Histogram");
    histChoice.valueProperty().addListener((o, a, b) -> model.selectHistogram(b));
    Label heatTitle = new Label("Heatmap: one column per interval, slowest on top");
    heatTitle.getStyleClass().add("text-muted");
    SplitPane histSplit = new SplitPane(histogram, new VBox(4, heatTitle, heatmap));
    VBox.setVgrow(heatmap, Priority.ALWAYS);
    histSplit.setOrientation(Orientation.VERTICAL);
    histSplit.setDividerPositions(0.55);
    VBox histTab = new VBox(6, labelled("Histogram", histChoice), histSplit);
    VBox.setVgrow(histSplit, Priority.ALWAYS);
    histTab.setPadding(new Insets(6));
    histogram.setId("ebpf-histogram");
    heatmap.setId("ebpf-heatmap");

    events =
        new CanvasTable<>(
            "Events",
            List.of(
                Column.text("Time", EbpfViewModel.EventRow::when, 80),
                Column.text("Kind", r -> r.event().kind(), 70),
                Column.number("PID", r -> r.event().pid(), 60),
                Column.text("Comm", r -> r.event().comm(), 130),
                Column.text("Namespace", EbpfViewModel.EventRow::namespace, 110),
                Column.text("Pod", EbpfViewModel.EventRow::pod, 170),
                Column.number("Latency ms", EbpfViewModel.EventRow::latencyMs, 90),
                Column.text(
                    "Detail",
                    r -> r.event().kind().equals("printf") ? r.event().text() : r.event().detail(),
                    320)),
            EbpfViewModel.EventRow::seq,
            io);
    events.setId("ebpf-events");
    events.setPlaceholder("No events yet: scripts print slow ones (over the glitch threshold)");
    events.searchField().textProperty().addListener((o, a, b) -> model.setEventFilter(b));

    glitches =
        new CanvasTable<>(
            "Glitches",
            List.of(
                Column.text("Cause", g -> g.cause().label, 150),
                Column.number("Latency ms", g -> g.row().latencyMs(), 90),
                Column.text("Time", g -> g.row().when(), 80),
                Column.number("PID", g -> g.row().event().pid(), 60),
                Column.text("Comm", g -> g.row().event().comm(), 130),
                Column.text("Namespace", g -> g.row().namespace(), 110),
                Column.text("Pod", g -> g.row().pod(), 170),
                Column.text("Detail", g -> g.row().event().detail(), 260)),
            EbpfViewModel.GlitchRow::seq,
            io);
    glitches.setId("ebpf-glitches");
    glitches.setFollowEnd(false);
    glitches.setPlaceholder("No glitches: nothing took longer than the threshold");
    glitchGroups.setId("ebpf-glitch-groups");
    VBox glitchTab = new VBox(6, glitchGroups, glitches);
    VBox.setVgrow(glitches, Priority.ALWAYS);
    glitchTab.setPadding(new Insets(6));

    stackChoice.setId("ebpf-stack-choice");
    stackChoice.setPrefWidth(200);
    stackChoice.setPromptText("Stack map");
    stackChoice.valueProperty().addListener((o, a, b) -> model.selectStackMap(b));
    TextField find = new TextField();
    find.setPromptText("Highlight frames…");
    find.textProperty().addListener((o, a, b) -> flame.highlight(b));
    Button reset = new Button("Zoom out");
    reset.setOnAction(e -> flame.zoomOut());
    Label hover = new Label();
    hover.getStyleClass().add("text-muted");
    hover.textProperty().bind(flame.frameUnderMouseProperty());
    HBox flameBar = new HBox(8, stackChoice, find, reset, hover);
    flameBar.setAlignment(Pos.CENTER_LEFT);
    flame.setId("ebpf-flame");
    VBox flameTab = new VBox(6, flameBar, flame);
    VBox.setVgrow(flame, Priority.ALWAYS);
    flameTab.setPadding(new Insets(6));
    flameTab.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ESCAPE) {
            flame.zoomOut();
          }
        });

    maps =
        new DataTable<>(
            "Maps",
            List.of(
                Column.text("Map", TraceAggregator.MapRow::map, 160),
                Column.text("Key", TraceAggregator.MapRow::key, 260),
                Column.text("Value", TraceAggregator.MapRow::value, 200)),
            r -> r.map() + "[" + r.key() + "]",
            io);
    maps.setId("ebpf-maps");
    maps.setPlaceholder("No maps printed yet");
    log.setId("ebpf-log");
    log.setPlaceholder(new Label("bpftrace's messages, errors and unreadable lines show here"));

    tabs.getTabs()
        .addAll(
            tab("Histogram", histTab),
            tab("Events", padded(events)),
            tab("Glitches", glitchTab),
            tab("Flame graph", flameTab),
            tab("Maps", padded(maps)),
            tab("Log", padded(log)));
    tabs.setId("ebpf-tabs");
    tabs.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> applyTab());
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    root.setCenter(tabs);

    root.addEventFilter(
        javafx.scene.input.KeyEvent.KEY_PRESSED,
        e -> {
          if (new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN).match(e)) {
            if (!start.isDisabled()) {
              start();
            }
            e.consume();
          } else if (new KeyCodeCombination(KeyCode.PERIOD, KeyCombination.SHORTCUT_DOWN)
              .match(e)) {
            model.stop();
            e.consume();
          } else if (new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN).match(e)) {
            openRecording();
            e.consume();
          }
        });

    model.shownProperty().addListener((o, a, b) -> show(b));
    model
        .problemProperty()
        .addListener(
            (o, a, b) -> {
              if (!b.isEmpty()) {
                loaded.set(true);
              }
            });
    model
        .targets()
        .addListener(
            (javafx.collections.ListChangeListener<TraceControl.Target>)
                c -> {
                  if (target.getValue() == null && !model.targets().isEmpty()) {
                    target.setValue(defaultTarget());
                    autoPlay();
                  }
                });
    scriptChanged();
    model.loadTargets();
    findLeftovers();
    unregister = pulse.register(model::tick);
  }

  private static TextField field(String id, String value, int columns, String tip) {
    TextField f = new TextField(value);
    f.setId(id);
    f.setPrefColumnCount(columns);
    f.setPrefWidth(16 + 9 * columns);
    f.setMinWidth(16 + 9 * columns);
    f.setTooltip(new Tooltip(tip));
    return f;
  }

  private static Node labelled(String text, Node control) {
    Label l = new Label(text);
    l.getStyleClass().add("text-muted");
    HBox b = new HBox(4, l, control);
    b.setAlignment(Pos.CENTER_LEFT);
    return b;
  }

  private static Tab tab(String title, Node content) {
    Tab t = new Tab(title, content);
    t.setId("ebpf-tab-" + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
    return t;
  }

  private static Node padded(Region r) {
    VBox b = new VBox(r);
    VBox.setVgrow(r, Priority.ALWAYS);
    b.setPadding(new Insets(6));
    return b;
  }

  private String currentTab() {
    return TABS.get(Math.max(0, tabs.getSelectionModel().getSelectedIndex()));
  }

  private TraceControl.Target defaultTarget() {
    // The demo plays its recordings (the demo's nodes cannot run bpftrace); elsewhere the first
    // target that can trace.
    for (TraceControl.Target t : model.targets()) {
      if (model.control().demo()
          ? t.kind() == TraceControl.Target.Kind.RECORDING
          : t.unavailable().isEmpty()) {
        return t;
      }
    }
    return model.targets().get(0);
  }

  private void autoPlay() {
    TraceControl.Target t = target.getValue();
    if (!autoPlayed
        && !model.started()
        && model.control().demo()
        && t != null
        && t.kind() == TraceControl.Target.Kind.RECORDING) {
      autoPlayed = true;
      model.play(t, 1);
    }
  }

  private void scriptChanged() {
    TraceScript s = script.getValue();
    if (s == null) {
      return;
    }
    about.setText(s.about());
    custom.setVisible(s.custom());
  }

  private void start() {
    TraceControl.Target t = target.getValue();
    if (t == null) {
      return;
    }
    if (t.unavailable().isPresent()) {
      alert(Alert.AlertType.WARNING, "Cannot trace " + t.label(), t.unavailable().get());
      return;
    }
    TraceScript s = script.getValue();
    if (s.custom()) {
      s = TraceScript.custom(custom.getText());
    }
    TraceParams params;
    try {
      params =
          new TraceParams(
              integer(pid, "PID"),
              integer(cgroup, "cgroup"),
              Math.round(number(threshold, "Glitch threshold") * 1000),
              integer(interval, "Interval"),
              integer(duration, "Duration"));
      model.setEventCapacity(integer(capacity, "Keep events"));
    } catch (IllegalArgumentException e) {
      alert(Alert.AlertType.WARNING, "Check the trace's settings", e.getMessage());
      return;
    }
    TraceScript chosen = s;
    TraceParams p = params;
    if (t.kind() == TraceControl.Target.Kind.NODE) {
      Optional<String> change =
          model.control().changeToConfirm(t, chosen.render(p), p.durationSeconds() + 10);
      if (change.isPresent() && !confirm(t, change.get())) {
        return;
      }
    }
    model.start(t, chosen, p);
  }

  private boolean confirm(TraceControl.Target t, String change) {
    TextArea text = new TextArea(change);
    text.setEditable(false);
    text.setPrefRowCount(18);
    text.setStyle("-fx-font-family: monospace;");
    Alert a = new Alert(Alert.AlertType.CONFIRMATION);
    a.setTitle("Create a debug pod");
    a.setHeaderText(
        "Tracing "
            + t.label()
            + " creates this privileged pod; it is deleted when the trace ends.");
    a.getDialogPane().setContent(text);
    a.getDialogPane().setMinWidth(760);
    a.getButtonTypes()
        .setAll(
            new ButtonType("Create pod and trace", ButtonType.OK.getButtonData()),
            ButtonType.CANCEL);
    owner(a);
    return a.showAndWait()
        .map(b -> b.getButtonData() == ButtonType.OK.getButtonData())
        .orElse(false);
  }

  private static int integer(TextField f, String what) {
    try {
      return Integer.parseInt(f.getText().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          what + " must be a whole number, got '" + f.getText().trim() + "'");
    }
  }

  private static double number(TextField f, String what) {
    try {
      return Double.parseDouble(f.getText().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          what + " must be a number, got '" + f.getText().trim() + "'");
    }
  }

  private void openRecording() {
    if (model.runningProperty().get()) {
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open a recorded bpftrace stream");
    chooser
        .getExtensionFilters()
        .addAll(
            new FileChooser.ExtensionFilter("bpftrace JSON streams", "*.jsonl", "*.json", "*.txt"),
            new FileChooser.ExtensionFilter("All files", "*"));
    var file = chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
    if (file != null) {
      model.open(file.toPath());
    }
  }

  private void saveRecording() {
    if (model.recording().isEmpty()) {
      alert(
          Alert.AlertType.INFORMATION,
          "Nothing to save",
          "Only live runs are recorded; built-in recordings and opened files are already on disk.");
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Save the raw stream");
    chooser.setInitialFileName(model.recordingName() + ".jsonl");
    var file = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
    if (file == null) {
      return;
    }
    io.execute(
        () -> {
          try {
            model.saveRecording(file.toPath());
          } catch (java.io.IOException e) {
            Platform.runLater(
                () ->
                    alert(
                        Alert.AlertType.ERROR,
                        "Could not save the recording",
                        file + ": " + e.getMessage()));
          }
        });
  }

  private void findLeftovers() {
    io.execute(
        () -> {
          List<String> pods = model.control().leftovers();
          if (!pods.isEmpty()) {
            Platform.runLater(
                () -> {
                  leftovers.setText(
                      pods.size()
                          + " debug pod(s) left by an earlier Fleetscope: "
                          + String.join(", ", pods));
                  leftoverBar.setVisible(true);
                });
          }
        });
  }

  private void cleanUpLeftovers() {
    Alert a = new Alert(Alert.AlertType.CONFIRMATION, leftovers.getText() + "\n\nDelete them now?");
    a.setHeaderText("Delete leftover debug pods");
    owner(a);
    if (a.showAndWait().filter(b -> b == ButtonType.OK).isEmpty()) {
      return;
    }
    io.execute(
        () -> {
          int n = model.control().cleanUpLeftovers();
          Platform.runLater(
              () -> {
                leftovers.setText("Deleted " + n + " leftover debug pod(s).");
                leftoverBar.getChildren().get(1).setVisible(false);
              });
        });
  }

  private void owner(Alert a) {
    if (root.getScene() != null) {
      a.initOwner(root.getScene().getWindow());
    }
  }

  private void alert(Alert.AlertType type, String header, String text) {
    Alert a = new Alert(type, text);
    a.setHeaderText(header);
    a.getDialogPane().setMinWidth(520);
    owner(a);
    a.show();
  }

  /**
   * Brings the selected tab up to date with the last refresh; the others catch up when selected, so
   * a fast stream redraws one table or canvas, not six.
   */
  private void applyTab() {
    EbpfViewModel.Shown s = lastShown;
    if (s == null) {
      return;
    }
    switch (currentTab()) {
      case "histogram" -> {
        histogram.show(s.histogram(), model.unit(), model.thresholdMs() * 1000);
        heatmap.show(s.histogram(), model.unit());
      }
      case "events" -> {
        events.setRows(s.events());
      }
      case "glitches" -> {
        if (!s.summary().glitchGroups().equals(shownGroups)
            || glitchGroups.getChildren().isEmpty()) {
          shownGroups = s.summary().glitchGroups();
          showGlitchGroups(s.summary());
        }
        glitches.setRows(s.glitches());
      }
      case "flame" -> flame.show(s.flame(), model.unit());
      case "maps" -> maps.setRows(s.summary().maps());
      default -> {}
    }
  }

  private void showGlitchGroups(TraceAggregator.Summary sum) {
    glitchGroups.getChildren().clear();
    for (TraceAggregator.GlitchGroup g : sum.glitchGroups()) {
      Label l =
          new Label(
              String.format(
                  Locale.ROOT, "%s: %,d (worst %.1f ms)", g.cause().label, g.count(), g.maxMs()));
      l.getStyleClass().addAll("badge", "badge-warning");
      glitchGroups.getChildren().add(l);
    }
    if (sum.glitchGroups().isEmpty()) {
      Label none = new Label("No glitches over " + Units.value(model.thresholdMs() * 1000, "us"));
      none.getStyleClass().add("text-muted");
      glitchGroups.getChildren().add(none);
    }
  }

  private void show(EbpfViewModel.Shown s) {
    if (s == null) {
      return;
    }
    TraceAggregator.Summary sum = s.summary();
    List<String> titles = sum.histograms().stream().map(HistSeries.View::title).toList();
    if (!histChoice.getItems().equals(titles)) {
      String was = histChoice.getValue();
      histChoice.getItems().setAll(titles);
      histChoice.setValue(
          was != null && titles.contains(was) ? was : titles.isEmpty() ? null : titles.get(0));
    }
    lastShown = s;
    applyTab();
    if (!stackChoice.getItems().equals(sum.stackMaps())) {
      String was = stackChoice.getValue();
      stackChoice.getItems().setAll(sum.stackMaps());
      stackChoice.setValue(
          was != null && sum.stackMaps().contains(was)
              ? was
              : sum.stackMaps().isEmpty() ? null : sum.stackMaps().get(0));
    }
    List<String> lines = new ArrayList<>(sum.problems());
    for (TraceAggregator.BadLine b : sum.badLineSamples()) {
      lines.add("Unreadable " + b);
    }
    if (sum.lostEvents() > 0) {
      lines.add(
          0,
          String.format(
              Locale.ROOT,
              "The kernel dropped %,d events (perf buffer full): counts and events are incomplete.",
              sum.lostEvents()));
    }
    if (!log.getItems().equals(lines)) {
      log.getItems().setAll(lines);
    }
    if (!sum.histograms().isEmpty()
        || sum.events() > 0
        || !sum.maps().isEmpty()
        || !sum.stackMaps().isEmpty()) {
      loaded.set(true);
    }
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
    tabs.getSelectionModel().select(1);
    events.focusSearch();
  }

  @Override
  public List<String> subViews() {
    return TABS;
  }

  @Override
  public void showSubView(String name) {
    int i = TABS.indexOf(name);
    if (i >= 0) {
      tabs.getSelectionModel().select(i);
    }
  }

  @Override
  public void close() {
    unregister.run();
    model.close();
  }
}
