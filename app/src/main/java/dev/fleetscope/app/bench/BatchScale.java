package dev.fleetscope.app.bench;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.FxThread;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.views.widgets.DataTable;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The batch section on {@code demo-serve --demo-size batch} (200 vLLM replicas, Kueue with 50
 * ClusterQueues and 5,000 Workloads, served from another process): the time from connect to the
 * queues and jobs tables populated, against {@code kubectl get workloads -A -o json} on the same
 * API server in the same run; then the console's CPU while it scrapes the 200 replicas' /metrics
 * through the pod proxy every 15 s (and lists the queues each round), against the same console idle
 * before it connected.
 */
final class BatchScale {
  static final int QUEUES = 50;
  static final int WORKLOADS = 5_000;
  static final int REPLICAS = 200;
  static final int IDLE_SECONDS = 15;
  static final int WARM_UP_SECONDS = Integer.getInteger("fleetscope.bench.warmup", 60);
  static final int CPU_SECONDS = Integer.getInteger("fleetscope.bench.seconds", 60);

  private BatchScale() {}

  static int run(CommandLine cli, AppPaths paths) throws Exception {
    try (BenchConsole console = BenchConsole.open(cli, paths, CommandLine.DemoSize.BATCH)) {
      FxThread.run(() -> console.window.mainWindow().select("batch"));
      List<Long> kubectl =
          console.external
              ? ClusterScale.kubectl(cli, "get", "workloads.kueue.x-k8s.io", "-A", "-o", "json")
              : List.of();
      double idleCpu = cpuShare(IDLE_SECONDS);

      DataTable<?> queues = table(console, "#batch-queues");
      DataTable<?> jobs = table(console, "#batch-jobs");
      DataTable<?> replicas = table(console, "#batch-replicas");
      long t0 = System.nanoTime();
      java.util.concurrent.CompletableFuture<Void> connected = console.connect();
      if (!FxThread.await(
          () ->
              queues.tableView().getItems().size() >= QUEUES
                  && jobs.tableView().getItems().size() >= WORKLOADS,
          300_000)) {
        System.err.println("batch-scale: the queue tables did not fill in 300 s");
        return 1;
      }
      long populatedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      if (!FxThread.await(() -> replicas.tableView().getItems().size() >= REPLICAS, 120_000)) {
        System.err.println("batch-scale: fewer than " + REPLICAS + " replicas after 120 s");
        return 1;
      }
      long replicasMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      connected.get(60, TimeUnit.SECONDS);
      // A second connect in the same console, as when the user connects again or to another
      // context: the same reads once the Kubernetes client's classes are loaded and compiled.
      // The tables empty when the old connection's rows go; that may last less than a poll, so
      // a listener notes it.
      java.util.concurrent.atomic.AtomicBoolean emptied =
          new java.util.concurrent.atomic.AtomicBoolean();
      FxThread.run(
          () ->
              jobs.tableView()
                  .getItems()
                  .addListener(
                      (javafx.collections.ListChangeListener<Object>)
                          c -> {
                            if (c.getList().isEmpty()) {
                              emptied.set(true);
                            }
                          }));
      long t1 = System.nanoTime();
      java.util.concurrent.CompletableFuture<Void> reconnected = console.connect();
      boolean cleared = FxThread.await(emptied::get, 10_000);
      if (!cleared
          || !FxThread.await(
              () ->
                  queues.tableView().getItems().size() >= QUEUES
                      && jobs.tableView().getItems().size() >= WORKLOADS,
              300_000)) {
        System.err.printf(
            "batch-scale: the queue tables did not %s on reconnect (queues %d, jobs %d; %s)%n",
            cleared ? "fill again" : "empty",
            FxThread.call(() -> queues.tableView().getItems().size()),
            FxThread.call(() -> jobs.tableView().getItems().size()),
            console.services.batch().board().problems());
        return 1;
      }
      long againMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
      reconnected.get(60, TimeUnit.SECONDS);
      // Four rounds of warm-up (the JIT compiles the scrape's code paths), then the window.
      Thread.sleep(WARM_UP_SECONDS * 1000L);
      java.util.Map<String, Long> threads0 = threadCpu();
      long gc0 = gcMillis();
      long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
      double scrapingCpu = cpuShare(CPU_SECONDS);
      long gc = gcMillis() - gc0;
      long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
      java.util.Map<String, Long> threads1 = threadCpu();
      int rows = FxThread.call(() -> replicas.tableView().getItems().size());
      int jobRows = FxThread.call(() -> jobs.tableView().getItems().size());

      System.out.printf(
          Locale.ROOT,
          "queues %d, jobs %d, replicas %d; API server %s%n",
          FxThread.call(() -> queues.tableView().getItems().size()),
          jobRows,
          rows,
          console.external ? "in a separate process" : "in this process");
      System.out.println("kubectl get workloads -A -o json (ms): " + kubectl);
      System.out.printf(
          Locale.ROOT,
          "replicas table full %d ms after connect; console CPU idle %.1f%%, scraping %.1f%% of one core over %d s%n",
          replicasMs,
          idleCpu * 100,
          scrapingCpu * 100,
          CPU_SECONDS);
      StringBuilder byThread = new StringBuilder("CPU by thread group over the window:");
      threads1.entrySet().stream()
          .map(
              e ->
                  java.util.Map.entry(
                      e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
          .filter(e -> e.getValue() > 50_000_000L)
          .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(
              e ->
                  byThread.append(
                      String.format(
                          Locale.ROOT,
                          " %s %.1f%%",
                          e.getKey(),
                          e.getValue() / 1e9 / CPU_SECONDS * 100)));
      System.out.println(byThread);
      System.out.printf(
          Locale.ROOT,
          "in the window: garbage collection %d ms (%.1f%%), JIT compilation %d ms%n",
          gc,
          gc / 10.0 / CPU_SECONDS,
          jit);
      String populated =
          Benchmarks.result("batch-queues-populated", populatedMs, "ms")
              + (kubectl.isEmpty()
                  ? " (no kubectl baseline: needs demo-serve and kubectl on PATH)"
                  : Benchmarks.ratio(populatedMs, ClusterScale.median(kubectl)));
      if (!kubectl.isEmpty()) {
        System.out.println(
            Benchmarks.result("kubectl-get-workloads-json", ClusterScale.median(kubectl), "ms"));
      }
      System.out.println(populated);
      System.out.println(
          Benchmarks.result("batch-queues-populated-reconnect", againMs, "ms")
              + (kubectl.isEmpty() ? "" : Benchmarks.ratio(againMs, ClusterScale.median(kubectl))));
      System.out.println(
          Benchmarks.result("batch-scrape-200-cpu", scrapingCpu * 100, "%")
              + Benchmarks.ratio(scrapingCpu, idleCpu));
    }
    return 0;
  }

  private static DataTable<?> table(BenchConsole console, String id) throws Exception {
    return FxThread.call(() -> (DataTable<?>) console.window.stage().getScene().lookup(id));
  }

  private static long gcMillis() {
    long ms = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  /** CPU time (ns) of the live threads, summed by name with numbers dropped (pools). */
  private static java.util.Map<String, Long> threadCpu() {
    var mx = ManagementFactory.getThreadMXBean();
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long t = mx.getThreadCpuTime(info.getThreadId());
      if (t > 0) {
        out.merge(info.getThreadName().replaceAll("[0-9]+", "N"), t, Long::sum);
      }
    }
    return out;
  }

  /** This process's CPU time over the next {@code seconds}, as a share of one core. */
  private static double cpuShare(int seconds) throws InterruptedException {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    return (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0);
  }
}
