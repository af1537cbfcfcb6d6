package dev.fleetscope.app.bench;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.ConsoleServices;
import dev.fleetscope.app.ConsoleWindow;
import dev.fleetscope.app.Settings;
import dev.fleetscope.app.cli.CommandLine;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The console as benchmarks drive it: the real services and window on a demo fleet of the given
 * size, not yet connected. With {@code --kubeconfig} (the scripts in bench/ pass the one {@code
 * demo-serve} wrote) the simulated API servers run in their own process, as real ones would;
 * without it, in this one.
 */
final class BenchConsole implements AutoCloseable {
  final ConsoleServices services;
  final ConsoleWindow window;
  final boolean external;

  private BenchConsole(ConsoleServices services, ConsoleWindow window, boolean external) {
    this.services = services;
    this.window = window;
    this.external = external;
  }

  static BenchConsole open(CommandLine cli, AppPaths paths, CommandLine.DemoSize size)
      throws Exception {
    boolean external = cli.kubeconfig().isPresent();
    CommandLine bench =
        new CommandLine(
            CommandLine.Mode.BENCH,
            cli.kubeconfig(),
            cli.contexts(),
            cli.prometheus(),
            cli.prometheusService(),
            !external,
            cli.demoSeed(),
            size,
            cli.smokeTestDir(),
            "",
            cli.exportFormat(),
            cli.benchName(),
            cli.kubeconfigOut(),
            cli.probe(),
            cli.snapshot(),
            cli.sloFiles(),
            cli.at(),
            cli.sloPolicy(),
            cli.release(),
            cli.trace());
    ConsoleServices services = new ConsoleServices(bench, paths, Clock.systemUTC());
    Settings settings = new Settings(paths.settingsFile(), services.io());
    CompletableFuture<ConsoleWindow> opened = new CompletableFuture<>();
    Platform.startup(() -> opened.complete(ConsoleWindow.open(new Stage(), services, settings)));
    return new BenchConsole(services, opened.get(60, TimeUnit.SECONDS), external);
  }

  /** FX pulse gaps over the next {@code seconds}. */
  static PulseGaps measure(int seconds) throws Exception {
    PulseGaps gaps = new PulseGaps(seconds * 400);
    Platform.runLater(gaps::start);
    Thread.sleep(seconds * 1000L);
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          gaps.stop();
          stopped.complete(null);
        });
    stopped.get(30, TimeUnit.SECONDS);
    return gaps;
  }

  /** Used heap after two full collections. */
  static long heapAfterGcMiB() throws InterruptedException {
    System.gc();
    Thread.sleep(500);
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  static String pulseLine(String label, PulseGaps gaps) {
    return String.format(
        java.util.Locale.ROOT,
        "%s: %d pulses, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        label,
        gaps.count(),
        gaps.quantileMillis(0.5),
        gaps.quantileMillis(0.99),
        gaps.quantileMillis(1.0));
  }

  /**
   * Connects as the window does: {@code connectInitial} on the I/O executor, the caller free to
   * watch the tables fill meanwhile (a connect returns once every section has started, which may be
   * after the section on screen has its data). Completes when the connect returns.
   */
  java.util.concurrent.CompletableFuture<Void> connect() {
    return java.util.concurrent.CompletableFuture.runAsync(services::connectInitial, services.io());
  }

  @Override
  public void close() throws Exception {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          window.close();
          closed.complete(null);
        });
    closed.get(30, TimeUnit.SECONDS);
    services.close();
    Platform.exit();
  }
}
