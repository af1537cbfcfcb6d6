package dev.fleetscope.app.bench;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.FxThread;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.views.widgets.DataTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;

/**
 * One cluster of 500 nodes and 10,000 pods with 200 pod events per second ({@code demo-serve
 * --demo-size scale}): the time from connect to a fully populated Pods table, against {@code
 * kubectl get pods -A -o json} on the same API server in the same run (the baseline); then the FX
 * pulse gaps with the Pods section open while the events stream, against the idle window, and the
 * heap after load.
 */
final class ClusterScale {
  static final int IDLE_SECONDS = 10;
  static final int LOADED_SECONDS = Integer.getInteger("fleetscope.bench.seconds", 30);
  static final int EXPECTED_PODS = 10_000;
  static final int KUBECTL_RUNS = 3;

  private ClusterScale() {}

  static int run(CommandLine cli, AppPaths paths) throws Exception {
    try (BenchConsole console = BenchConsole.open(cli, paths, CommandLine.DemoSize.SCALE)) {
      FxThread.run(() -> console.window.mainWindow().select("pods"));
      PulseGaps idle = BenchConsole.measure(IDLE_SECONDS);

      List<Long> kubectl =
          console.external ? kubectl(cli, "get", "pods", "-A", "-o", "json") : List.of();

      TableView<?> table =
          FxThread.call(
              () ->
                  ((DataTable<?>) console.window.stage().getScene().lookup("#pods-table"))
                      .tableView());
      long t0 = System.nanoTime();
      java.util.concurrent.CompletableFuture<Void> connected = console.connect();
      if (!FxThread.await(() -> table.getItems().size() >= EXPECTED_PODS, 300_000)) {
        System.err.println(
            "cluster-scale: the Pods table did not reach " + EXPECTED_PODS + " rows in 300 s");
        return 1;
      }
      long populatedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      // The pulses are measured with every section connected, as the console runs.
      connected.get(60, TimeUnit.SECONDS);

      long eventsBefore = console.services.informerEvents();
      PulseGaps loaded = BenchConsole.measure(LOADED_SECONDS);
      long events = console.services.informerEvents() - eventsBefore;
      int rows = FxThread.call(() -> table.getItems().size());
      long heapMiB = BenchConsole.heapAfterGcMiB();

      System.out.printf(
          "pods table: %d rows; informer events received: %d in %d s (%.0f/s); API server %s%n",
          rows,
          events,
          LOADED_SECONDS,
          events / (double) LOADED_SECONDS,
          console.external ? "in a separate process" : "in this process");
      System.out.println("kubectl get pods -A -o json (ms): " + kubectl);
      System.out.println(BenchConsole.pulseLine("idle window", idle));
      System.out.println(BenchConsole.pulseLine("10k pods streaming", loaded));
      if (!kubectl.isEmpty()) {
        double median = median(kubectl);
        System.out.println(Benchmarks.result("kubectl-get-pods-json", median, "ms"));
        System.out.println(
            Benchmarks.result("cluster-scale-pods-table-populated", populatedMs, "ms")
                + Benchmarks.ratio(populatedMs, median));
      } else {
        System.out.println(
            Benchmarks.result("cluster-scale-pods-table-populated", populatedMs, "ms")
                + " (no kubectl baseline: needs demo-serve and kubectl on PATH)");
      }
      System.out.println(Benchmarks.result("cluster-scale-heap-after-load", heapMiB, "MiB"));
      System.out.println(
          Benchmarks.result("cluster-scale-pulse-gap-p99", loaded.quantileMillis(0.99), "ms")
              + Benchmarks.ratio(loaded.quantileMillis(0.99), idle.quantileMillis(0.99)));
    }
    return 0;
  }

  /**
   * Wall time of {@code kubectl ARGS > /dev/null} against the bench's kubeconfig and context, once
   * per run, in ms; empty (with the reason on stderr) when kubectl fails or is missing.
   */
  static List<Long> kubectl(CommandLine cli, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig"));
    command.add(cli.kubeconfig().orElseThrow().toString());
    if (!cli.contexts().isEmpty()) {
      command.add("--context");
      command.add(cli.contexts().get(0));
    }
    command.addAll(List.of(args));
    Path err = Files.createTempFile("kubectl", ".err");
    List<Long> times = new ArrayList<>();
    try {
      for (int i = 0; i < KUBECTL_RUNS; i++) {
        long t0 = System.nanoTime();
        Process p =
            new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        int rc = p.waitFor();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        if (rc != 0) {
          System.err.println("kubectl failed (" + rc + "): " + Files.readString(err).strip());
          return List.of();
        }
        times.add(ms);
      }
    } catch (IOException e) {
      System.err.println("kubectl could not be run (" + e.getMessage() + "): no baseline");
      return List.of();
    } finally {
      Files.deleteIfExists(err);
    }
    return times;
  }

  static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
