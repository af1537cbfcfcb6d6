package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.ConsoleServices;
import dev.fleetscope.app.ConsoleWindow;
import dev.fleetscope.app.Settings;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.cluster.ClusterOverview;
import dev.fleetscope.services.cluster.NodeRow;
import dev.fleetscope.services.cluster.WorkloadRow;
import dev.fleetscope.services.demo.ClusterCensus;
import dev.fleetscope.views.cluster.PodRow;
import dev.fleetscope.views.shell.SectionView;
import dev.fleetscope.views.widgets.DataTable;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real main window, on the real JavaFX toolkit (headless Monocle), on the embedded demo fleet
 * reached through fabric8: what an SRE sees on first start.
 */
class ConsoleOnDemoFleetTest {
  @TempDir static Path home;
  static ConsoleServices services;
  static AppPaths paths;

  ConsoleWindow window;
  final FxRobot robot = new FxRobot();

  @BeforeAll
  static void startFleet() throws Exception {
    FxToolkit.registerPrimaryStage();
    paths = new AppPaths(home.resolve("config"), home.resolve("state"));
    services =
        new ConsoleServices(CommandLine.parse("--demo-seed", "99"), paths, Clock.systemUTC());
    services.connectInitial();
  }

  @AfterAll
  static void stopFleet() {
    services.close();
  }

  @BeforeEach
  void openWindow() throws Exception {
    Settings settings = new Settings(paths.settingsFile(), services.io());
    FxToolkit.setupFixture(
        () -> {
          window = ConsoleWindow.open(new Stage(), services, settings);
        });
    await(() -> onFx(() -> window.mainWindow().currentView().orElseThrow().loaded().get()));
  }

  @AfterEach
  void closeWindow() throws Exception {
    FxToolkit.setupFixture(
        () -> {
          window.close();
          window.stage().hide();
        });
  }

  @Test
  void overviewGpuTotalsEqualWhatTheSimulatorCreated() throws Exception {
    List<ClusterCensus> census = services.demo().orElseThrow().simulator().census();
    int capacity = census.stream().mapToInt(ClusterCensus::gpuCapacity).sum();
    int allocated = census.stream().mapToInt(ClusterCensus::gpuAllocated).sum();

    DataTable<ClusterOverview> clusters = table("#overview-clusters");
    List<ClusterOverview> rows = onFx(clusters::visibleRows);
    assertThat(rows)
        .extracting(ClusterOverview::context)
        .containsExactlyInAnyOrderElementsOf(census.stream().map(ClusterCensus::cluster).toList());
    for (ClusterCensus c : census) {
      ClusterOverview shown =
          rows.stream().filter(r -> r.context().equals(c.cluster())).findFirst().orElseThrow();
      assertThat(shown.gpuCapacity()).as(c.cluster() + " capacity").isEqualTo(c.gpuCapacity());
      assertThat(shown.gpuAllocated()).as(c.cluster() + " allocated").isEqualTo(c.gpuAllocated());
      assertThat(shown.nodes()).isEqualTo(c.nodes());
      assertThat(shown.podsPendingForGpus()).isEqualTo(c.podsPendingForGpus());
      shown
          .gpusByProduct()
          .forEach(
              p -> assertThat(p.capacity()).isEqualTo(c.gpuCapacityByProduct().get(p.product())));
    }
    // The tile a user reads says the same.
    assertThat(robot.lookup(".tile-value").queryAllAs(Label.class))
        .extracting(Label::getText)
        .contains(allocated + " / " + capacity);
    assertThat(robot.lookup("#demo-badge").queryAs(Label.class).isVisible()).isTrue();
    assertThat(robot.lookup("#status-clusters").queryAs(Label.class).getText())
        .contains("2/2 live");
  }

  @Test
  void navigatesSwitchesThemeAndRemembersIt() throws Exception {
    String before = Application.getUserAgentStylesheet();
    robot.clickOn("#theme-toggle");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(Application.getUserAgentStylesheet()).isNotEqualTo(before);
    String saved = window.theme().current().name().toLowerCase(java.util.Locale.ROOT);
    await(
        () ->
            Files.exists(paths.settingsFile())
                && read(paths.settingsFile()).contains("theme=" + saved));

    robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(Application.getUserAgentStylesheet()).isEqualTo(before);

    robot.clickOn("#nav-overview");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(window.mainWindow().currentSectionProperty().get()).isEqualTo("overview");
    assertThat(robot.lookup("#overview").tryQuery()).isPresent();
  }

  @Test
  void filteringWorkloadsNarrowsTheTableToWhatWasTyped() throws Exception {
    DataTable<WorkloadRow> workloads = table("#overview-workloads");
    int all = onFx(() -> workloads.visibleRows().size());
    robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
    robot.write("405b");
    WaitForAsyncUtils.waitForFxEvents();
    List<WorkloadRow> shown = onFx(workloads::visibleRows);
    assertThat(all).isGreaterThan(shown.size());
    assertThat(shown)
        .isNotEmpty()
        .allSatisfy(w -> assertThat(w.workload().name()).contains("405b"));
  }

  @Test
  void closingTheSectionReleasesItsListenersAndItsView() throws Exception {
    int withSection = services.fleet().listenerCount();
    WeakReference<SectionView> ref =
        new WeakReference<>(onFx(() -> window.mainWindow().currentView().orElseThrow()));
    FxToolkit.setupFixture(() -> window.mainWindow().closeSection("overview"));
    assertThat(services.fleet().listenerCount()).isEqualTo(withSection - 1);
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(ref.get()).as("closed section view can be collected").isNull();
    // Reopening builds it again and it loads.
    FxToolkit.setupFixture(() -> window.mainWindow().select("overview"));
    await(() -> onFx(() -> window.mainWindow().currentView().orElseThrow().loaded().get()));
  }

  @Test
  void connectDialogListsTheKubeconfigContextsAndExplainsABadPath() throws Exception {
    Path kubeconfig = home.resolve("two-contexts.yaml");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        current-context: lab-a
        clusters:
        - {name: a, cluster: {server: "https://a.example:6443"}}
        - {name: b, cluster: {server: "https://b.example:6443"}}
        contexts:
        - {name: lab-a, context: {cluster: a, user: u}}
        - {name: lab-b, context: {cluster: b, user: u}}
        users:
        - {name: u, user: {token: not-shown}}
        """);
    robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    javafx.scene.control.TextField path =
        robot.lookup("#connect-kubeconfig").queryAs(javafx.scene.control.TextField.class);
    robot.interact(() -> path.setText(kubeconfig.toString()));
    robot.clickOn("#connect-read");
    javafx.scene.control.TableView<?> contexts =
        robot.lookup("#connect-contexts").queryAs(javafx.scene.control.TableView.class);
    await(() -> onFx(() -> contexts.getItems().size()) == 2);

    robot.interact(() -> path.setText(home.resolve("missing.yaml").toString()));
    robot.clickOn("#connect-read");
    Label error = robot.lookup("#connect-error").queryAs(Label.class);
    await(() -> onFx(error::getText).contains("does not exist"));
    assertThat(onFx(error::getText)).contains("missing.yaml");
    assertThat(onFx(() -> contexts.getItems().size())).isZero();
    robot.clickOn("Cancel");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#connect-contexts").tryQuery()).isEmpty();
    assertThat(services.fleet().snapshot().clusters())
        .extracting(ClusterOverview::context)
        .doesNotContain("lab-a", "lab-b");
  }

  @Test
  void nodesTableListsEveryNodeAndFiltersAndSorts() throws Exception {
    List<ClusterCensus> census = services.demo().orElseThrow().simulator().census();
    int nodes = census.stream().mapToInt(ClusterCensus::nodes).sum();
    robot.clickOn("#nav-nodes");
    DataTable<NodeRow> table = table("#nodes-table");
    await(() -> onFx(() -> table.visibleRows().size() == nodes));
    // Requested GPUs per node add up to what the simulator allocated.
    int requested = onFx(() -> table.visibleRows().stream().mapToInt(NodeRow::gpusRequested).sum());
    assertThat(requested).isEqualTo(census.stream().mapToInt(ClusterCensus::gpuAllocated).sum());

    robot.clickOn(table.searchField()).write("l40s");
    await(() -> onFx(() -> table.visibleRows().size() == 2));
    assertThat(onFx(table::visibleRows))
        .allSatisfy(r -> assertThat(r.node().gpuProduct()).isEqualTo("NVIDIA-L40S"));
    // Sort by GPUs requested, descending: the header click sorts every row, not the page.
    onFx(
        () -> {
          var column = table.tableView().getColumns().get(6);
          column.setSortType(javafx.scene.control.TableColumn.SortType.DESCENDING);
          table.tableView().getSortOrder().setAll(column);
          return null;
        });
    List<NodeRow> sorted = onFx(table::visibleRows);
    assertThat(sorted.get(0).gpusRequested()).isGreaterThanOrEqualTo(sorted.get(1).gpusRequested());
  }

  @Test
  void workloadsShowEveryKindSayWhatIsNotInstalledAndListTheSelectedPods() throws Exception {
    robot.clickOn("#nav-workloads");
    DataTable<WorkloadRow> table = table("#workloads-table");
    await(
        () ->
            onFx(
                () ->
                    table.visibleRows().stream()
                        .map(w -> w.workload().kind())
                        .collect(java.util.stream.Collectors.toSet())
                        .containsAll(
                            List.of("Deployment", "StatefulSet", "Rollout", "LeaderWorkerSet"))));
    assertThat(robot.lookup(".scope-notice").queryAllAs(Label.class))
        .extracting(Label::getText)
        .anySatisfy(
            t -> assertThat(t).contains("demo-eu-west").contains("Rollout is not installed"));

    WorkloadRow lws =
        onFx(
            () ->
                table.visibleRows().stream()
                    .filter(w -> w.workload().kind().equals("LeaderWorkerSet"))
                    .findFirst()
                    .orElseThrow());
    onFx(
        () -> {
          table.tableView().getSelectionModel().select(lws);
          return null;
        });
    DataTable<PodRow> pods = table("#workload-pods");
    await(() -> onFx(() -> pods.visibleRows().size() == 2));
    // One group of a leader and a worker; the worker waits for GPUs.
    assertThat(onFx(pods::visibleRows)).extracting(p -> p.pod().status()).contains("Pending");
  }

  @Test
  void pendingCellDrillsIntoPodsAndAPodShowsItsContainersAndLog() throws Exception {
    DataTable<ClusterOverview> clusters = table("#overview-clusters");
    String west = "demo-eu-west";
    // Double-click the west cluster's "Pending GPU pods" cell, as a user would.
    javafx.scene.control.TableCell<?, ?> cell =
        robot
            .lookup("#overview-clusters .table-cell")
            .queryAllAs(javafx.scene.control.TableCell.class)
            .stream()
            .filter(
                c ->
                    c.getTableColumn() != null
                        && c.getTableColumn().getText().equals("Pending GPU pods")
                        && c.getTableRow() != null
                        && c.getTableRow().getItem() instanceof ClusterOverview o
                        && o.context().equals(west))
            .findFirst()
            .orElseThrow();
    robot.doubleClickOn(cell);
    await(() -> onFx(() -> "pods".equals(window.mainWindow().currentSectionProperty().get())));
    DataTable<PodRow> pods = table("#pods-table");
    await(() -> onFx(() -> !pods.visibleRows().isEmpty()));
    assertThat(onFx(pods::visibleRows))
        .allSatisfy(
            p -> {
              assertThat(p.cluster()).isEqualTo(west);
              assertThat(p.pod().status()).isEqualTo("Pending");
            });

    // A running pod: its containers, then its log from the (demo) API server.
    onFx(
        () -> {
          pods.searchField().setText("llama-3-1-70b-chat");
          pods.tableView().getSelectionModel().select(0);
          return null;
        });
    javafx.scene.control.TextArea summary =
        robot.lookup("#pod-summary").queryAs(javafx.scene.control.TextArea.class);
    await(() -> onFx(() -> summary.getText().contains("nvidia.com/gpu=4")));
    @SuppressWarnings("unchecked")
    javafx.scene.control.ListView<String> log =
        robot.lookup("#pod-log").queryAs(javafx.scene.control.ListView.class);
    await(() -> onFx(() -> !log.getItems().isEmpty()));
    assertThat(onFx(() -> List.copyOf(log.getItems())))
        .allSatisfy(l -> assertThat(l).contains("GPU KV cache usage"));
  }

  @SuppressWarnings("unchecked")
  private <T> DataTable<T> table(String id) {
    return (DataTable<T>) robot.lookup(id).query();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
    return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void await(Check check) throws Exception {
    await(check, () -> "");
  }

  /** Like {@link #await(Check)}; a timeout reports what {@code seen} shows then. */
  static void await(Check check, Callable<String> seen) throws Exception {
    await(check, seen, 30);
  }

  /** Waits up to {@code seconds}; a timeout reports what {@code seen} shows then. */
  static void await(Check check, Callable<String> seen, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(50);
    }
    String last = seen.call();
    throw new AssertionError(
        "condition not met within "
            + seconds
            + " s"
            + (last.isEmpty() ? "" : "; last seen: " + last));
  }
}
