package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.await;
import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.app.About;
import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.CrashReports;
import dev.fleetscope.views.shell.AboutInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** Help > About and the crash handler, in the real console under Monocle. */
class AboutAndCrashTest {
  @TempDir Path home;
  SectionWindow window;
  final FxRobot robot = new FxRobot();

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void close() throws Exception {
    Thread.setDefaultUncaughtExceptionHandler(null);
    onFx(
        () -> {
          robot.listWindows().stream()
              .filter(w -> w instanceof javafx.stage.Stage && w != window.console().stage())
              .forEach(w -> ((javafx.stage.Stage) w).close());
          return null;
        });
    window.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aboutShowsVersionLocationsAndEveryBundledLibraryWithItsLicence() throws Exception {
    window = SectionWindow.openConnected(home, "overview");
    window.press("#about-button");
    await(() -> window.shown("#about-libraries"));
    String log = onFx(() -> ((Label) robot.lookup("#about-log-file").query()).getText());
    assertThat(log).isEqualTo(home.resolve("state/logs/fleetscope.log").toString());
    List<AboutInfo.Library> rows =
        onFx(
            () ->
                List.copyOf(
                    ((TableView<AboutInfo.Library>) robot.lookup("#about-libraries").query())
                        .getItems()));
    assertThat(rows)
        .extracting(AboutInfo.Library::name)
        .contains("kubernetes-client", "atlantafx-base", "logback-classic");
    assertThat(rows)
        .filteredOn(l -> l.name().equals("kubernetes-client"))
        .extracting(AboutInfo.Library::license)
        .containsExactly("Apache-2.0 (fabric8)");
    // This test's class path also holds the test libraries; the bundled jars are checked below.
    assertThat(rows).extracting(AboutInfo.Library::name).contains("javafx-controls");
  }

  @Test
  void anUncaughtErrorOnTheFxThreadIsReportedMaskedAndTheConsoleKeepsRunning() throws Exception {
    window = SectionWindow.openConnected(home, "overview");
    AppPaths paths = window.services().paths();
    CrashReports crashes = new CrashReports(paths, Clock.systemUTC()).install();
    crashes.onReport(window.console()::showCrash);
    Platform.runLater(
        () -> {
          throw new IllegalStateException(
              "refresh failed for https://admin:hunter2@api.example:6443 token=abc123def456");
        });
    await(() -> window.shown("#crash-report"));
    String report = onFx(() -> ((TextArea) robot.lookup("#crash-report").query()).getText());
    assertThat(report)
        .contains("Fleetscope crash report", "IllegalStateException", "Thread: JavaFX")
        .contains("https://admin:<redacted>@api.example:6443", "token=<redacted>")
        .doesNotContain("hunter2", "abc123def456");
    Path file;
    try (Stream<Path> files = Files.list(CrashReports.dir(paths))) {
      file = files.findFirst().orElseThrow();
    }
    assertThat(Files.readString(file)).isEqualTo(report);
    assertThat(window.label("#crash-file")).contains(file.toString());
    // The console still answers: a section switch works after the error.
    onFx(() -> window.console().mainWindow().select("slo"));
    await(() -> onFx(() -> window.view().loaded().get()));
  }

  @Test
  void everyJarTheAppBundlesHasItsLicenceNamed() throws Exception {
    window = SectionWindow.openConnected(home, "overview");
    Path lib = Path.of("app/target/lib");
    List<String> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
    }
    assertThat(jars).hasSizeGreaterThan(20);
    List<AboutInfo.Library> libraries =
        About.libraries(
            String.join(
                java.io.File.pathSeparator,
                jars.stream().map(j -> lib.resolve(j).toString()).toList()));
    assertThat(libraries)
        .as("every bundled jar has a licence in app/src/main/resources/.../licenses.properties")
        .allMatch(l -> !l.license().startsWith("unknown"), "licence known");
  }
}
