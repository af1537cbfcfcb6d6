package dev.fleetscope.app;

import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.demo.DemoFleet;
import dev.fleetscope.services.demo.DemoFleetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code fleetscope demo-serve}: the demo fleet's Kubernetes API servers and metrics endpoint
 * without a window, until the process is stopped. kubectl, k9s or another Fleetscope can connect
 * with the kubeconfig it writes; the large-fleet benchmark uses it so that the simulated API
 * servers do not share the console's JVM.
 */
final class DemoServe {
  private DemoServe() {}

  static int run(CommandLine cli, AppPaths paths) throws Exception {
    DemoFleetSpec spec = cli.demoSpec();
    Path out = cli.kubeconfigOut().orElse(paths.demoDir().resolve("demo-serve-kubeconfig.yaml"));
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(ConsoleServices.daemon("demo-simulator"));
    ExecutorService http = Executors.newFixedThreadPool(2, ConsoleServices.daemon("demo-metrics"));
    Path work = Files.createTempDirectory("fleetscope-demo-serve");
    DemoFleet fleet = DemoFleet.start(spec, Instant.now(), work, ticker, http);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.copy(fleet.kubeconfig(), out, StandardCopyOption.REPLACE_EXISTING);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  fleet.close();
                  ticker.shutdownNow();
                  http.shutdownNow();
                  // The fleet's working files (its own kubeconfig); the copy at --kubeconfig-out
                  // stays for whoever connects next.
                  ConsoleServices.deleteTree(work);
                  stopped.countDown();
                }));
    System.out.println("demo fleet serving " + fleet.contexts().size() + " clusters");
    System.out.println("kubeconfig: " + out.toAbsolutePath());
    System.out.println("contexts: " + String.join(" ", fleet.contexts()));
    System.out.println("metrics: " + fleet.metricsUrl());
    System.out.println("READY");
    System.out.flush();
    long last = fleet.podPatches();
    while (!stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
      long now = fleet.podPatches();
      System.out.printf("pod status patches: %.0f/s%n", (now - last) / 10.0);
      System.out.flush();
      last = now;
    }
    return 0;
  }
}
