package dev.fleetscope.views.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The console's frame: header (title, DEMO badge, Connect, theme), left navigation with one entry
 * per working section, the section in the middle, and a status bar with the connection, the data
 * age and the problems. Sections are built the first time they are opened.
 */
public final class MainWindow {
  private final BorderPane root = new BorderPane();
  private final StackPane content = new StackPane();
  private final ToggleGroup navGroup = new ToggleGroup();
  private final Map<String, Section> sections = new LinkedHashMap<>();
  private final Map<String, SectionView> opened = new LinkedHashMap<>();
  private final Map<String, ToggleButton> navButtons = new LinkedHashMap<>();
  private final ReadOnlyObjectWrapper<String> current = new ReadOnlyObjectWrapper<>();
  private final StatusViewModel status;
  private final ThemeController theme;
  private HBox header;

  public MainWindow(
      List<Section> sectionList,
      StatusViewModel status,
      ThemeController theme,
      Runnable onConnect) {
    this.status = status;
    this.theme = theme;
    root.getStyleClass().add("fleetscope");
    root.setTop(header(onConnect));
    root.setLeft(navigation(sectionList));
    content.getStyleClass().add("content");
    root.setCenter(content);
    root.setBottom(statusBar());
    if (!sectionList.isEmpty()) {
      select(sectionList.get(0).id());
    }
  }

  private Parent header(Runnable onConnect) {
    Label title = new Label("Fleetscope");
    title.getStyleClass().add("app-title");
    Label demo = new Label("DEMO");
    demo.setId("demo-badge");
    demo.getStyleClass().add("demo-badge");
    demo.setTooltip(new Tooltip("Simulated fleet: no real cluster is connected"));
    demo.visibleProperty().bind(status.demoProperty());
    demo.managedProperty().bind(demo.visibleProperty());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    Button connect = new Button("Connect…");
    connect.setId("connect-button");
    connect.setTooltip(new Tooltip("Connect to kubeconfig contexts and Prometheus (Ctrl+K)"));
    connect.setOnAction(e -> onConnect.run());
    Button themeButton = new Button();
    themeButton.setId("theme-toggle");
    themeButton
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> theme.current() == Theme.DARK ? "Light theme" : "Dark theme",
                theme.themeProperty()));
    themeButton.setTooltip(new Tooltip("Switch between light and dark (Ctrl+T)"));
    themeButton.setOnAction(e -> theme.toggle());
    header = new HBox(10, title, demo, spacer, connect, themeButton);
    header.setAlignment(Pos.CENTER_LEFT);
    header.getStyleClass().add("header");
    return header;
  }

  private Parent navigation(List<Section> list) {
    VBox nav = new VBox(4);
    nav.getStyleClass().add("nav");
    int index = 1;
    for (Section s : list) {
      sections.put(s.id(), s);
      ToggleButton b = new ToggleButton(s.title());
      b.setId("nav-" + s.id());
      b.getStyleClass().add("nav-item");
      b.setToggleGroup(navGroup);
      b.setMaxWidth(Double.MAX_VALUE);
      b.setTooltip(new Tooltip(s.title() + " (Ctrl+" + index++ + ")"));
      b.setOnAction(e -> select(s.id()));
      navButtons.put(s.id(), b);
      nav.getChildren().add(b);
    }
    // Keep a toggle selected: clicking the current entry again must not leave the nav empty.
    navGroup
        .selectedToggleProperty()
        .addListener(
            (o, before, after) -> {
              if (after == null && before != null) {
                before.setSelected(true);
              }
            });
    return nav;
  }

  private Parent statusBar() {
    Label clusters = new Label();
    clusters.setId("status-clusters");
    clusters.textProperty().bind(status.clustersProperty());
    toggleClass(clusters, "status-warning", !status.clustersHealthyProperty().get());
    status
        .clustersHealthyProperty()
        .addListener((o, a, ok) -> toggleClass(clusters, "status-warning", !ok));
    Label metrics = new Label();
    metrics.setId("status-metrics");
    metrics.textProperty().bind(status.metricsProperty());
    status
        .metricsHealthyProperty()
        .addListener((o, a, ok) -> toggleClass(metrics, "status-warning", !ok));
    Label age = new Label();
    age.setId("status-age");
    age.textProperty().bind(status.ageProperty());
    status.staleProperty().addListener((o, a, s) -> toggleClass(age, "status-warning", s));
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    Button problems = new Button();
    problems.setId("status-problems");
    problems.getStyleClass().add("flat");
    problems.textProperty().bind(status.problemsSummaryProperty());
    status
        .problemsProperty()
        .addListener((o, a, list) -> toggleClass(problems, "status-danger", !list.isEmpty()));
    problems.setOnAction(e -> showProblems());
    HBox bar =
        new HBox(
            12,
            clusters,
            new Separator(javafx.geometry.Orientation.VERTICAL),
            metrics,
            new Separator(javafx.geometry.Orientation.VERTICAL),
            age,
            spacer,
            problems);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("status-bar");
    return bar;
  }

  private void showProblems() {
    Dialog<Void> dialog = new Dialog<>();
    dialog.setTitle("Problems");
    dialog.setHeaderText(
        status.problemsSummaryProperty().get() + " (details and stack traces are in the log file)");
    ListView<String> list = new ListView<>();
    list.getItems().setAll(status.problemsProperty().get());
    list.setPrefSize(720, 280);
    list.setPlaceholder(new Label("No problems"));
    dialog.getDialogPane().setContent(list);
    dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    if (root.getScene() != null) {
      dialog.initOwner(root.getScene().getWindow());
    }
    dialog.show();
  }

  private static void toggleClass(javafx.scene.Node node, String cls, boolean on) {
    node.getStyleClass().remove(cls);
    if (on) {
      node.getStyleClass().add(cls);
    }
  }

  /** Installs the window's shortcuts on its scene. */
  public void installShortcuts(javafx.scene.Scene scene, Runnable onConnect) {
    int i = 1;
    for (String id : sections.keySet()) {
      if (i > 10) {
        break; // Ctrl+1..9, then Ctrl+0 for the tenth; later sections by click only
      }
      KeyCode digit = KeyCode.valueOf("DIGIT" + (i++ % 10));
      scene
          .getAccelerators()
          .put(new KeyCodeCombination(digit, KeyCombination.SHORTCUT_DOWN), () -> select(id));
    }
    scene
        .getAccelerators()
        .put(
            new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN),
            () -> currentView().ifPresent(SectionView::focusSearch));
    scene
        .getAccelerators()
        .put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), theme::toggle);
    scene
        .getAccelerators()
        .put(new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN), onConnect);
  }

  /** Adds the About button to the header and F1 to the scene's shortcuts. */
  public void addAbout(javafx.scene.Scene scene, Runnable onAbout) {
    Button about = new Button("About");
    about.setId("about-button");
    about.setTooltip(new Tooltip("Version, licenses, log and settings locations (F1)"));
    about.setOnAction(e -> onAbout.run());
    header.getChildren().add(about);
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), onAbout);
  }

  /** Opens a section (building its view on first use). */
  public SectionView select(String id) {
    Section section = sections.get(id);
    if (section == null) {
      throw new IllegalArgumentException("no section " + id);
    }
    SectionView view = opened.computeIfAbsent(id, k -> section.factory().get());
    content.getChildren().setAll(view.node());
    navButtons.get(id).setSelected(true);
    current.set(id);
    return view;
  }

  /** Opens a section scoped as the drill-down says. */
  public void drill(Drill drill) {
    select(drill.section()).drill(drill);
  }

  /** Closes a section's view (it is rebuilt when opened again). */
  public void closeSection(String id) {
    SectionView view = opened.remove(id);
    if (view != null) {
      content.getChildren().remove(view.node());
      view.close();
    }
  }

  public Optional<SectionView> currentView() {
    return Optional.ofNullable(current.get()).map(opened::get);
  }

  public ReadOnlyObjectProperty<String> currentSectionProperty() {
    return current.getReadOnlyProperty();
  }

  public List<Section> sections() {
    return List.copyOf(sections.values());
  }

  public Parent root() {
    return root;
  }

  /** Closes every opened section and the status bar's subscriptions. */
  public void close() {
    for (String id : List.copyOf(opened.keySet())) {
      closeSection(id);
    }
    status.close();
  }
}
