package dev.fleetscope.app.bench;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.ConsoleServices;
import dev.fleetscope.app.ConsoleWindow;
import dev.fleetscope.app.FxThread;
import dev.fleetscope.app.Settings;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.views.widgets.DataTable;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Start-up as a user sees it: the console opens exactly as {@code ./fleetscope} opens it (demo
 * fleet unless told otherwise), and the time from JVM start to its first laid-out frame is printed;
 * then it exits. The packaging build also runs this to list the classes its AppCDS archive holds.
 */
final class ConsoleFirstFrame {
  private ConsoleFirstFrame() {}

  static int run(CommandLine cli, AppPaths paths) throws Exception {
    ConsoleServices services = new ConsoleServices(cli, paths, Clock.systemUTC());
    Settings settings = new Settings(paths.settingsFile(), services.io());
    ConsoleWindow window = ConsoleWindow.startAndConnect(services, settings);
    CompletableFuture<Long> tables = new CompletableFuture<>();
    FxThread.run(() -> whenTablesLaidOut(window.stage().getScene(), tables));
    long ms = window.firstFrameMillis().get(60, TimeUnit.SECONDS);
    System.out.println(Benchmarks.result("console-first-frame", ms, "ms"));
    // The overview's tables come in the frame after the first (AfterFirstFrame): report when.
    System.out.println(
        Benchmarks.result("console-overview-tables", tables.get(60, TimeUnit.SECONDS), "ms"));
    services.close();
    Platform.exit();
    return 0;
  }

  /** Completes with the time from JVM start to the first layout that has the clusters table. */
  private static void whenTablesLaidOut(Scene scene, CompletableFuture<Long> done) {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    scene.addPostLayoutPulseListener(
        new Runnable() {
          @Override
          public void run() {
            if (scene.lookup("#overview-clusters") instanceof DataTable<?> t
                && t.tableView().getSkin() != null) {
              done.complete(System.currentTimeMillis() - jvmStart);
              scene.removePostLayoutPulseListener(this);
            }
          }
        });
  }
}
