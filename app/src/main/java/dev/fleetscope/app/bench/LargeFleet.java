package dev.fleetscope.app.bench;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.ConsoleServices;
import dev.fleetscope.app.ConsoleWindow;
import dev.fleetscope.app.Settings;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.cluster.FleetOverview;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The console on the large demo fleet (500 nodes, 4,000 GPUs, 10,000 pods, 200 pod events per
 * second): the 99th percentile of the gap between FX pulses while events flow, against the same
 * window idle before the fleet was connected (the baseline, same run), and the heap after load.
 */
final class LargeFleet {
  static final int IDLE_SECONDS = 10;
  static final int LOADED_SECONDS = Integer.getInteger("fleetscope.bench.seconds", 30);

  private LargeFleet() {}

  static int run(CommandLine cli, AppPaths paths) throws Exception {
    // With --kubeconfig (bench/large-fleet.sh passes the one demo-serve wrote) the simulated
    // API servers run in their own process, as real ones would; without it, in this one.
    boolean external = cli.kubeconfig().isPresent();
    CommandLine large =
        new CommandLine(
            CommandLine.Mode.BENCH,
            cli.kubeconfig(),
            cli.contexts(),
            cli.prometheus(),
            !external,
            cli.demoSeed(),
            CommandLine.DemoSize.LARGE,
            cli.smokeTestDir(),
            "",
            cli.exportFormat(),
            cli.benchName(),
            cli.kubeconfigOut());
    ConsoleServices services = new ConsoleServices(large, paths, Clock.systemUTC());
    Settings settings = new Settings(paths.settingsFile(), services.io());
    CompletableFuture<ConsoleWindow> opened = new CompletableFuture<>();
    Platform.startup(() -> opened.complete(ConsoleWindow.open(new Stage(), services, settings)));
    ConsoleWindow window = opened.get(60, TimeUnit.SECONDS);

    PulseGaps idle = measure(IDLE_SECONDS);

    long t0 = System.nanoTime();
    services.connectInitial();
    FleetOverview o = services.fleet().snapshot();
    while (!(o.settled()
        && !o.clusters().isEmpty()
        && o.clustersWithData() == o.clusters().size()
        && o.gpuAllocated() > 0)) {
      Thread.sleep(200);
      o = services.fleet().snapshot();
    }
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    long eventsBefore = services.informerEvents();
    PulseGaps loaded = measure(LOADED_SECONDS);
    long patches = services.informerEvents() - eventsBefore;
    o = services.fleet().snapshot();

    System.gc();
    Thread.sleep(500);
    System.gc();
    long heapMiB = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;

    System.out.printf(
        "fleet: %d nodes, %d GPUs, %d workloads; loaded in %.1f s%n",
        o.nodes(), o.gpuCapacity(), o.workloads().size(), loadSeconds);
    System.out.printf(
        "informer events received: %d in %d s (%.0f/s); API servers %s%n",
        patches,
        LOADED_SECONDS,
        patches / (double) LOADED_SECONDS,
        external ? "in a separate process" : "in this process");
    System.out.printf(
        "idle window: %d pulses, p50 %.1f ms, p99 %.1f ms%n",
        idle.count(), idle.quantileMillis(0.5), idle.quantileMillis(0.99));
    System.out.printf(
        "large fleet: %d pulses, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        loaded.count(),
        loaded.quantileMillis(0.5),
        loaded.quantileMillis(0.99),
        loaded.quantileMillis(1.0));
    System.out.println(Benchmarks.result("large-fleet-heap-after-load", heapMiB, "MiB"));
    System.out.println(
        Benchmarks.result("large-fleet-pulse-gap-p99", loaded.quantileMillis(0.99), "ms")
            + String.format(
                java.util.Locale.ROOT,
                " %.2fx",
                loaded.quantileMillis(0.99) / idle.quantileMillis(0.99)));

    CompletableFuture<Void> closed = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          window.close();
          closed.complete(null);
        });
    closed.get(30, TimeUnit.SECONDS);
    services.close();
    Platform.exit();
    return 0;
  }

  private static PulseGaps measure(int seconds) throws Exception {
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
}
