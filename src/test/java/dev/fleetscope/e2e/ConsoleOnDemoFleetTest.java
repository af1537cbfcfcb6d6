package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.ConsoleServices;
import dev.fleetscope.app.ConsoleWindow;
import dev.fleetscope.app.Settings;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.cluster.ClusterOverview;
import dev.fleetscope.services.cluster.WorkloadRow;
import dev.fleetscope.services.demo.ClusterCensus;
import dev.fleetscope.views.shell.SectionView;
import dev.fleetscope.views.widgets.DataTable;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition not met within 30 s");
  }
}
