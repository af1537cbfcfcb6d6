package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.await;
import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.ConsoleServices;
import dev.fleetscope.app.ConsoleWindow;
import dev.fleetscope.app.Settings;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.views.shell.SectionView;
import java.nio.file.Path;
import java.time.Clock;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The real console window opened on one section, with its own services and command line, for tests
 * of sections that need no cluster (the GPU probe, GPU memory).
 */
final class SectionWindow implements AutoCloseable {
  private final ConsoleServices services;
  private ConsoleWindow window;
  private final FxRobot robot = new FxRobot();

  private SectionWindow(ConsoleServices services) {
    this.services = services;
  }

  /** Opens the console with {@code args}, selects {@code section} and waits until it shows data. */
  static SectionWindow open(Path home, String section, String... args) throws Exception {
    return open(home, false, section, args);
  }

  /** As {@link #open(Path, String, String...)}, after connecting (the demo fleet by default). */
  static SectionWindow openConnected(Path home, String section, String... args) throws Exception {
    return open(home, true, section, args);
  }

  private static SectionWindow open(Path home, boolean connect, String section, String... args)
      throws Exception {
    AppPaths paths = new AppPaths(home.resolve("config"), home.resolve("state"));
    SectionWindow w =
        new SectionWindow(new ConsoleServices(CommandLine.parse(args), paths, Clock.systemUTC()));
    if (connect) {
      w.services.connectInitial();
    }
    Settings settings = new Settings(paths.settingsFile(), w.services.io());
    FxToolkit.setupFixture(() -> w.window = ConsoleWindow.open(new Stage(), w.services, settings));
    onFx(() -> w.window.mainWindow().select(section));
    await(() -> onFx(() -> w.view().loaded().get()));
    return w;
  }

  ConsoleServices services() {
    return services;
  }

  ConsoleWindow console() {
    return window;
  }

  SectionView view() {
    return window.mainWindow().currentView().orElseThrow();
  }

  void showSubView(String name) throws Exception {
    onFx(
        () -> {
          view().showSubView(name);
          return null;
        });
  }

  /**
   * A label's text, or "" while it is not in the scene yet (a tab's content comes a pulse later).
   */
  String label(String id) throws Exception {
    return onFx(() -> robot.lookup(id).tryQuery().map(n -> ((Label) n).getText()).orElse(""));
  }

  /** Presses a button as a click would (fires its action), or fails when it is absent. */
  void press(String id) throws Exception {
    onFx(
        () -> {
          javafx.scene.control.ButtonBase b =
              (javafx.scene.control.ButtonBase) robot.lookup(id).query();
          if (b.isDisabled()) {
            throw new AssertionError(id + " is disabled");
          }
          b.fire();
          return null;
        });
  }

  /** Whether a node with this id is in the scene and shown. */
  boolean shown(String id) throws Exception {
    return onFx(
        () ->
            robot
                .lookup(id)
                .tryQuery()
                .map(n -> n.isVisible() && n.getScene() != null)
                .orElse(false));
  }

  @Override
  public void close() throws Exception {
    FxToolkit.setupFixture(
        () -> {
          window.close();
          window.stage().hide();
        });
    services.close();
  }
}
