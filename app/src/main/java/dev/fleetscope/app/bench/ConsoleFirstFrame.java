package dev.fleetscope.app.bench;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.ConsoleServices;
import dev.fleetscope.app.ConsoleWindow;
import dev.fleetscope.app.Settings;
import dev.fleetscope.app.cli.CommandLine;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

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
    long ms = window.firstFrameMillis().get(60, TimeUnit.SECONDS);
    System.out.println(Benchmarks.result("console-first-frame", ms, "ms"));
    services.close();
    Platform.exit();
    return 0;
  }
}
