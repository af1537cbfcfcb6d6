package dev.fleetscope.app;

import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.cluster.ClusterOverview;
import dev.fleetscope.services.cluster.ClusterStatus;
import dev.fleetscope.services.cluster.ConnectionState;
import dev.fleetscope.services.cluster.FleetOverview;
import dev.fleetscope.services.cluster.KubeContextCatalog;
import dev.fleetscope.services.cluster.KubeconfigException;
import dev.fleetscope.services.cluster.KubeconfigReader;
import dev.fleetscope.services.cluster.StaticFleetSource;
import dev.fleetscope.services.cluster.SwitchableFleetSource;
import dev.fleetscope.services.cluster.adapter.Fabric8FleetSource;
import dev.fleetscope.services.cluster.adapter.KubeconfigCatalog;
import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.common.ProblemLog;
import dev.fleetscope.services.demo.DemoFleet;
import dev.fleetscope.services.demo.DemoFleetSpec;
import dev.fleetscope.services.metrics.MetricsSourceHealth;
import dev.fleetscope.services.metrics.SwitchableMetricsHealth;
import dev.fleetscope.services.metrics.adapter.HttpMetricsProbe;
import dev.fleetscope.views.connect.ConnectionRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring: owns the executors, the demo fleet when there is one, and the adapters behind the
 * ports the views use. The only place that knows which adapter serves which port.
 */
public final class ConsoleServices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServices.class);

  private final CommandLine cli;
  private final AppPaths paths;
  private final Clock clock;
  private final ScheduledExecutorService io;
  private final ScheduledExecutorService demoTicker;
  private final ExecutorService demoHttp;
  private final ExecutorService probeRuns;

  /** Looks for Prometheus in each context while the clusters connect. */
  private final ExecutorService discovery;

  private final ProbeService probe;
  private volatile GpuFleetRead gpuFleet = new GpuFleetRead("", java.util.List::of);
  private volatile java.net.http.HttpClient scrapeClient;
  private final SwitchableFleetSource fleet = new SwitchableFleetSource();
  private final SwitchableMetricsHealth metrics = new SwitchableMetricsHealth();
  private final ProblemLog problems;
  private final SloService slo;
  private final BatchService batch;
  private final RolloutService rollouts;
  private final EbpfService ebpf;
  private DemoFleet demo;
  private Path demoRunDir;
  private AutoCloseable clusterConnection;

  /** How long, at most, the section on screen reads alone on a connect before the others start. */
  static final java.time.Duration FIRST_SECTION_LEAD = java.time.Duration.ofSeconds(5);

  private volatile String sectionOnScreen = "overview";
  private AutoCloseable metricsConnection;
  private PrometheusConnections prometheusConnections = PrometheusConnections.none();

  /** The clients and scrapers reading DCGM exporters through the pod proxy. */
  private final List<AutoCloseable> exporterClients =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  private boolean closed;

  public ConsoleServices(CommandLine cli, AppPaths paths, Clock clock) {
    this.cli = cli;
    this.paths = paths;
    this.clock = clock;
    this.problems = new ProblemLog(clock);
    this.io =
        Executors.newScheduledThreadPool(
            Math.max(4, cli.contexts().size() + 2), daemon("fleetscope-io"));
    this.demoTicker = Executors.newSingleThreadScheduledExecutor(daemon("demo-simulator"));
    this.demoHttp = Executors.newFixedThreadPool(2, daemon("demo-metrics"));
    this.probeRuns = Executors.newSingleThreadExecutor(daemon("gpu-probe"));
    this.discovery = Executors.newCachedThreadPool(daemon("prometheus-discovery"));
    this.probe = new ProbeService(new dev.fleetscope.probe.jcuda.JCudaProbe(), io);
    this.slo = new SloService(io, clock, cli.at(), cli.sloFiles(), cli.sloPolicy());
    this.batch = new BatchService(io, clock);
    dev.fleetscope.services.common.AuditLog audit =
        new dev.fleetscope.services.common.AuditLog(paths.stateDir().resolve("audit.jsonl"));
    this.rollouts = new RolloutService(io, clock, cli.release().readOnly(), audit);
    this.ebpf =
        new EbpfService(
            paths, clock, cli.release().readOnly(), audit, cli.trace(), cli.release().demoSpeed());
  }

  /** The eBPF section's port: this host, the clusters' nodes, recordings. */
  public dev.fleetscope.views.ebpf.TraceControl ebpf() {
    return ebpf;
  }

  /** The SLO section's source: every SLO found, judged where its data lives. */
  public dev.fleetscope.views.slo.SloSource slo() {
    return slo;
  }

  /** The batch section's source: replicas' batching and the clusters' batch queues. */
  public dev.fleetscope.views.batch.BatchSource batch() {
    return batch;
  }

  /** The Gray releases section's source: Rollouts, canary analysis and actions. */
  public dev.fleetscope.views.rollout.RolloutSource rollouts() {
    return rollouts;
  }

  /** Waits until every context's Rollouts have been read once; false on timeout. */
  public boolean awaitRollouts(java.time.Duration timeout) throws InterruptedException {
    return rollouts.awaitFirst(timeout);
  }

  /** Where cluster writes are recorded. */
  public Path auditLog() {
    return rollouts.audit().file();
  }

  /** Waits until replicas and queues have been read once; false on timeout. */
  public boolean awaitBatch(java.time.Duration timeout) throws InterruptedException {
    return batch.awaitFirst(timeout);
  }

  /** Waits until every SLO source has judged once or gone stale; false on timeout. */
  public boolean awaitSlos(java.time.Duration timeout) throws InterruptedException {
    return slo.awaitFirst(timeout);
  }

  /** The GPU probe section's source (this host's GPU through JCuda, or the model alone). */
  public dev.fleetscope.views.probe.ProbeSource probe() {
    return probe;
  }

  /** The fleet's DCGM readings, from whatever metrics source is connected (none: empty). */
  public dev.fleetscope.views.gpumemory.GpuFleetSource gpuFleet() {
    return new dev.fleetscope.views.gpumemory.GpuFleetSource() {
      @Override
      public String describe() {
        return gpuFleet.describe();
      }

      @Override
      public java.util.List<dev.fleetscope.services.gpufleet.GpuReading> read() throws Exception {
        return gpuFleet.read().call();
      }

      @Override
      public java.util.Map<String, java.time.Instant> quietSince(
          java.time.Duration lookback, double percent) {
        return gpuFleet.quietSince().apply(lookback, percent);
      }
    };
  }

  private java.net.http.HttpClient http() {
    java.net.http.HttpClient h = scrapeClient;
    if (h == null) {
      h =
          java.net.http.HttpClient.newBuilder()
              .connectTimeout(java.time.Duration.ofSeconds(5))
              .build();
      scrapeClient = h;
    }
    return h;
  }

  /**
   * A source of GPU readings: what it is, how to read it, and its utilization history (since when
   * each held GPU has been quiet), where it keeps one.
   */
  private record GpuFleetRead(
      String describe,
      java.util.concurrent.Callable<java.util.List<dev.fleetscope.services.gpufleet.GpuReading>>
          read,
      java.util.function.BiFunction<
              java.time.Duration, Double, java.util.Map<String, java.time.Instant>>
          quietSince) {

    GpuFleetRead(
        String describe,
        java.util.concurrent.Callable<java.util.List<dev.fleetscope.services.gpufleet.GpuReading>>
            read) {
      this(describe, read, (lookback, percent) -> java.util.Map.of());
    }
  }

  /** The one thread probe runs use (a CUDA session stays on the thread that opened it). */
  public ExecutorService probeRuns() {
    return probeRuns;
  }

  static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Connects as the command line asks: the demo fleet, or the kubeconfig contexts and Prometheus.
   * Blocking (starts servers, reads files): call it off the FX thread.
   */
  public synchronized void connectInitial() {
    if (cli.demo()) {
      startDemo();
    } else {
      connect(new ConnectionRequest(cli.kubeconfig(), cli.contexts(), cli.prometheus()));
    }
  }

  private void startDemo() {
    DemoFleetSpec spec = cli.demoSpec();
    try {
      Files.createDirectories(paths.demoDir());
      sweepOldDemoRuns();
      demoRunDir = Files.createTempDirectory(paths.demoDir(), "run-");
      demo =
          DemoFleet.start(
              spec, clock.instant(), demoRunDir, demoTicker, demoHttp, cli.release().demoSpeed());
      demo.setCanaryRegression(cli.release().demoRegression());
      KubeconfigCatalog catalog = KubeconfigCatalog.load(List.of(demo.kubeconfig()));
      switchClusters(
          Fabric8FleetSource.connect(catalog, demo.contexts(), DataOrigin.DEMO, io, clock));
      slo.useDemo(demo, catalog);
      batch.useDemo(demo.contexts(), catalog, demo.simulator()::now);
      rollouts.useDemo(demo, catalog);
      ebpf.useClusters(catalog, demo.contexts(), true);
      switchMetrics(HttpMetricsProbe.scrape(demo.metricsUrl(), DataOrigin.DEMO, io, clock));
      java.net.URI demoMetrics = demo.metricsUrl();
      gpuFleet =
          new GpuFleetRead(
              "the demo fleet's exporter",
              () ->
                  dev.fleetscope.services.gpufleet.adapter.DcgmFleetReader.scrape(
                      http(), demoMetrics, ""));
    } catch (IOException | KubeconfigException | RuntimeException e) {
      LOG.error("the demo fleet could not start", e);
      problems.report("Demo fleet", "could not start: " + e.getMessage());
    }
  }

  /**
   * The section on screen, as the window last said: on a connect its reads go first. Any thread.
   */
  public void sectionOnScreen(String id) {
    sectionOnScreen = id == null ? "" : id;
  }

  /**
   * Which reads a connect starts first, by the section on screen; the others wait for its first
   * data or {@link #FIRST_SECTION_LEAD}.
   */
  enum ReadsFirst {
    /** The clusters' informers: the overview, the cluster views and the status bar. */
    CLUSTERS("clusters"),
    /** The batch queues (Kueue, Volcano). */
    BATCH("batch queues"),
    /** Prometheus discovery, for the sections that read Prometheus: SLOs, rollouts, GPU memory. */
    PROMETHEUS("Prometheus discovery");

    private final String words;

    ReadsFirst(String words) {
      this.words = words;
    }

    String describe() {
      return words;
    }

    static ReadsFirst forSection(String id) {
      return switch (id) {
        case "batch" -> BATCH;
        case "slo", "rollouts", "gpu-memory" -> PROMETHEUS;
        default -> CLUSTERS;
      };
    }
  }

  /** Connects to what the Connect dialog (or the command line) asked for. Blocking. */
  public synchronized void connect(ConnectionRequest request) {
    KubeconfigCatalog sloCatalog = null;
    List<String> sloContexts = List.of();
    KubeconfigCatalog catalog = null;
    List<String> contexts = List.of();
    KubeconfigException problem = null;
    try {
      catalog =
          KubeconfigCatalog.load(
              KubeconfigCatalog.defaultFiles(
                  request.kubeconfig(), System.getenv(), Path.of(System.getProperty("user.home"))));
      contexts = request.contexts();
      if (contexts.isEmpty()) {
        Optional<String> current = catalog.currentContext();
        if (current.isEmpty()) {
          throw new KubeconfigException(
              "the kubeconfig ("
                  + catalog.describeSources()
                  + ") sets no current-context: name one with --context");
        }
        contexts = List.of(current.get());
      }
    } catch (KubeconfigException e) {
      problem = e;
    }
    // The section on screen reads first (ADR 0021): on two cores the clusters' informers, the
    // batch queues and Prometheus discovery (a few API calls per context, seconds when the API
    // server is busy) slow each other down. The others start once it has shown its first data, or
    // after FIRST_SECTION_LEAD at most. Prometheus is looked for with them; the batch queues do
    // not wait for it.
    CompletableFuture<PrometheusConnections> found;
    boolean batchStarted = false;
    if (problem == null) {
      KubeconfigCatalog cat = catalog;
      List<String> ctx = contexts;
      ReadsFirst first = ReadsFirst.forSection(sectionOnScreen);
      CompletableFuture<Void> lead = new CompletableFuture<>();
      CompletableFuture<Void> now = CompletableFuture.completedFuture(null);
      found =
          (first == ReadsFirst.PROMETHEUS ? now : lead)
              .thenApplyAsync(
                  v ->
                      PrometheusConnections.resolve(
                          cat, ctx, request.prometheus(), request.prometheusService(), discovery),
                  discovery);
      List<String> batchContexts = contexts;
      Runnable startBatch =
          () ->
              batch.useClusters(
                  cat,
                  ctx,
                  found.thenApply(p -> p.single(batchContexts)),
                  first == ReadsFirst.BATCH ? now : lead);
      if (first == ReadsFirst.BATCH) {
        startBatch.run(); // its clients first: the first client of a process takes longest
      }
      Fabric8FleetSource clusters =
          Fabric8FleetSource.prepare(catalog, contexts, DataOrigin.CLUSTER, io, clock);
      switchClusters(clusters);
      if (first == ReadsFirst.CLUSTERS) {
        clusters.start();
      } else {
        lead.thenRun(clusters::start);
      }
      if (first != ReadsFirst.BATCH) {
        startBatch.run();
      }
      CompletableFuture<?> shown =
          switch (first) {
            case BATCH -> batch.firstShown();
            case PROMETHEUS -> found;
            case CLUSTERS -> clusters.settled();
          };
      // A dependent stage times out, not the section's own future.
      shown
          .thenApply(v -> v)
          .orTimeout(FIRST_SECTION_LEAD.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .whenComplete((v, e) -> lead.complete(null));
      batchStarted = true;
      sloCatalog = catalog;
      sloContexts = contexts;
      LOG.info("watching contexts {} ({} read first)", contexts, first.describe());
    } else {
      LOG.warn("kubeconfig problem: {}", problem.getMessage());
      problems.report("Kubeconfig", problem.getMessage());
      switchClusters(
          new StaticFleetSource(
              new FleetOverview(
                  List.of(
                      ClusterOverview.empty(
                          new ClusterStatus(
                              "kubeconfig",
                              "",
                              ConnectionState.UNREACHABLE,
                              problem.getMessage(),
                              -1,
                              null,
                              true))),
                  clock.instant(),
                  DataOrigin.CLUSTER)));
      // Without clusters only a Prometheus URL can serve.
      found =
          CompletableFuture.completedFuture(
              PrometheusConnections.resolve(
                  null, List.of(), request.prometheus(), request.prometheusService(), discovery));
    }
    ebpf.useClusters(sloCatalog, sloContexts, false);
    if (!batchStarted) {
      List<String> batchContexts = sloContexts;
      batch.useClusters(sloCatalog, sloContexts, found.thenApply(p -> p.single(batchContexts)));
    }
    PrometheusConnections previous = prometheusConnections;
    List<AutoCloseable> previousExporters = new java.util.ArrayList<>(exporterClients);
    exporterClients.clear();
    gpuFleet = new GpuFleetRead("", java.util.List::of);
    PrometheusConnections proms = found.join();
    prometheusConnections = proms;
    for (String m : proms.missing) {
      problems.report("Prometheus", m);
    }
    Optional<URI> url = request.prometheus();
    Optional<dev.fleetscope.services.metrics.PrometheusApi> single = proms.single(sloContexts);
    if (url.isPresent()) {
      switchMetrics(HttpMetricsProbe.prometheus(url.get(), io, clock));
    } else if (!sloContexts.isEmpty() && proms.probes.containsKey(sloContexts.get(0))) {
      switchMetrics(HttpMetricsProbe.prometheus(proms.probes.get(sloContexts.get(0)), io, clock));
    }
    if (single.isPresent()) {
      dev.fleetscope.services.metrics.PrometheusApi api = single.get();
      gpuFleet =
          new GpuFleetRead(
              api.describe(),
              () ->
                  dev.fleetscope.services.gpufleet.adapter.DcgmFleetReader.fromPrometheus(
                      api, clock.instant()),
              (lookback, percent) ->
                  dev.fleetscope.services.gpufleet.adapter.DcgmFleetReader.quietSince(
                      api, clock.instant(), lookback, percent));
    } else if (sloCatalog != null && !sloContexts.isEmpty()) {
      gpuFleet = exporterScrape(sloCatalog, sloContexts);
    }
    slo.useClusters(sloCatalog, sloContexts, proms.global, proms.perContext);
    rollouts.useClusters(sloCatalog, sloContexts, single);
    closeQuietly(previous);
    previousExporters.forEach(ConsoleServices::closeQuietly);
  }

  /**
   * No Prometheus for the fleet: each context's DCGM exporter pods, read through its API server's
   * pod proxy. Exporters that cannot be read are reported as problems; the others' GPUs show.
   */
  private GpuFleetRead exporterScrape(KubeconfigCatalog catalog, List<String> contexts) {
    List<dev.fleetscope.services.gpufleet.adapter.DcgmPodScraper> scrapers =
        new java.util.ArrayList<>();
    for (String context : contexts) {
      try {
        io.fabric8.kubernetes.client.KubernetesClient c =
            dev.fleetscope.services.cluster.adapter.KubeClients.build(
                catalog.clientConfig(context));
        scrapers.add(new dev.fleetscope.services.gpufleet.adapter.DcgmPodScraper(context, c));
        exporterClients.add(c);
      } catch (KubeconfigException | RuntimeException e) {
        LOG.warn("no client for context {}: {}", context, e.getMessage());
      }
    }
    exporterClients.addAll(scrapers);
    return new GpuFleetRead(
        "the DCGM exporter pods (through the API server of " + String.join(", ", contexts) + ")",
        () -> {
          List<dev.fleetscope.services.gpufleet.GpuReading> all = new java.util.ArrayList<>();
          List<String> failed = new java.util.ArrayList<>();
          int exporters = 0;
          for (var scraper : scrapers) {
            var round = scraper.read();
            all.addAll(round.gpus());
            failed.addAll(round.problems());
            exporters += round.exporters();
          }
          failed.forEach(f -> problems.report("GPU memory", f));
          if (all.isEmpty() && !failed.isEmpty()) {
            throw new IOException(String.join("; ", failed));
          }
          if (all.isEmpty() && exporters == 0) {
            throw new IOException(
                "no DCGM exporter pod found (labels app=nvidia-dcgm-exporter or"
                    + " app.kubernetes.io/name=dcgm-exporter) and no Prometheus: pass --prometheus");
          }
          return all;
        });
  }

  /** Runs {@link #connect} on the I/O executor (for the Connect dialog). */
  public void connectAsync(ConnectionRequest request) {
    io.execute(
        () -> {
          try {
            connect(request);
          } catch (RuntimeException e) {
            LOG.error("connect failed", e);
            problems.report("Connect", e.getMessage());
          }
        });
  }

  private void switchClusters(dev.fleetscope.services.cluster.FleetOverviewSource next) {
    AutoCloseable previous = clusterConnection;
    fleet.switchTo(next);
    clusterConnection = next instanceof AutoCloseable c ? c : null;
    closeQuietly(previous);
  }

  private void switchMetrics(MetricsSourceHealth next) {
    AutoCloseable previous = metricsConnection;
    metrics.switchTo(next);
    metricsConnection = next instanceof AutoCloseable c ? c : null;
    closeQuietly(previous);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("close failed", e);
    }
  }

  public KubeconfigReader kubeconfigReader() {
    return explicit -> {
      KubeContextCatalog catalog =
          KubeconfigCatalog.load(
              KubeconfigCatalog.defaultFiles(
                  explicit, System.getenv(), Path.of(System.getProperty("user.home"))));
      return catalog;
    };
  }

  /** Informer events the current cluster connection has received (0 when not watching). */
  public long informerEvents() {
    return clusterConnection instanceof Fabric8FleetSource f ? f.informerEvents() : 0;
  }

  public SwitchableFleetSource fleet() {
    return fleet;
  }

  public MetricsSourceHealth metrics() {
    return metrics;
  }

  public ProblemLog problems() {
    return problems;
  }

  /**
   * Once the window is up, loads the Kubernetes client library on a thread of its own, so that the
   * first connect to a real cluster does not wait for it (ADR 0024). Not for the demo fleet, whose
   * start loads it anyway; {@code -Dfleetscope.preload=false} turns it off (benchmarks compare).
   */
  public void preloadClients() {
    if (cli.demo() || !Boolean.parseBoolean(System.getProperty("fleetscope.preload", "true"))) {
      return;
    }
    Thread t =
        new Thread(
            dev.fleetscope.services.cluster.adapter.ClientPreload::run,
            "kubernetes-client-preload");
    t.setDaemon(true);
    t.start();
  }

  public ScheduledExecutorService io() {
    return io;
  }

  public Clock clock() {
    return clock;
  }

  public CommandLine commandLine() {
    return cli;
  }

  public Optional<DemoFleet> demo() {
    return Optional.ofNullable(demo);
  }

  public AppPaths paths() {
    return paths;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    slo.close();
    batch.close();
    rollouts.close();
    // Debug pods of running node traces are deleted before the console goes.
    ebpf.close();
    closeQuietly(clusterConnection);
    closeQuietly(metricsConnection);
    closeQuietly(prometheusConnections);
    exporterClients.forEach(ConsoleServices::closeQuietly);
    if (demo != null) {
      demo.close();
    }
    io.shutdownNow();
    demoTicker.shutdownNow();
    demoHttp.shutdownNow();
    // Interrupting a probe run cancels it; it frees what it allocated before it ends.
    probeRuns.shutdownNow();
    discovery.shutdownNow();
    deleteDemoRunDir();
  }

  /**
   * fabric8 re-reads a kubeconfig file after connecting, so a run's demo kubeconfig lives as long
   * as the console. A console killed by a signal leaves it behind; runs older than a day are
   * removed at the next start (younger ones may belong to a console still running).
   */
  private void sweepOldDemoRuns() {
    java.time.Instant cutoff = clock.instant().minus(java.time.Duration.ofDays(1));
    try (Stream<Path> runs = Files.list(paths.demoDir())) {
      for (Path run : runs.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
        if (Files.getLastModifiedTime(run).toInstant().isBefore(cutoff)) {
          deleteTree(run);
        }
      }
    } catch (IOException e) {
      LOG.debug("demo directory sweep failed", e);
    }
  }

  /** Deletes a folder and what is in it, as far as it can; failures are logged at debug. */
  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}", dir, e);
    }
  }

  private void deleteDemoRunDir() {
    if (demoRunDir != null && Files.exists(demoRunDir)) {
      deleteTree(demoRunDir);
    }
  }
}
