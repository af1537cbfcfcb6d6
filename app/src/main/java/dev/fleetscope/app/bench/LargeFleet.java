package dev.fleetscope.app.bench;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.cluster.FleetOverview;

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
    try (BenchConsole console = BenchConsole.open(cli, paths, CommandLine.DemoSize.LARGE)) {
      PulseGaps idle = BenchConsole.measure(IDLE_SECONDS);

      long t0 = System.nanoTime();
      console.connect().get(120, java.util.concurrent.TimeUnit.SECONDS);
      FleetOverview o = console.services.fleet().snapshot();
      while (!(o.settled()
          && !o.clusters().isEmpty()
          && o.clustersWithData() == o.clusters().size()
          && o.gpuAllocated() > 0)) {
        Thread.sleep(200);
        o = console.services.fleet().snapshot();
      }
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      long eventsBefore = console.services.informerEvents();
      PulseGaps loaded = BenchConsole.measure(LOADED_SECONDS);
      long patches = console.services.informerEvents() - eventsBefore;
      o = console.services.fleet().snapshot();
      long heapMiB = BenchConsole.heapAfterGcMiB();

      System.out.printf(
          "fleet: %d nodes, %d GPUs, %d workloads; loaded in %.1f s%n",
          o.nodes(), o.gpuCapacity(), o.workloads().size(), loadSeconds);
      System.out.printf(
          "informer events received: %d in %d s (%.0f/s); API servers %s%n",
          patches,
          LOADED_SECONDS,
          patches / (double) LOADED_SECONDS,
          console.external ? "in a separate process" : "in this process");
      System.out.println(BenchConsole.pulseLine("idle window", idle));
      System.out.println(BenchConsole.pulseLine("large fleet", loaded));
      System.out.println(Benchmarks.result("large-fleet-heap-after-load", heapMiB, "MiB"));
      System.out.println(
          Benchmarks.result("large-fleet-pulse-gap-p99", loaded.quantileMillis(0.99), "ms")
              + Benchmarks.ratio(loaded.quantileMillis(0.99), idle.quantileMillis(0.99)));
    }
    return 0;
  }
}
