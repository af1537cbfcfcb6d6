package dev.fleetscope.services.demo;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded demo fleet: one Kubernetes API server per simulated cluster on 127.0.0.1, a
 * kubeconfig naming them as contexts, a metrics endpoint, and a driver that steps the simulator in
 * real time and writes each step's changes to the API servers. The console connects to it exactly
 * as to real clusters: through the kubeconfig and fabric8.
 */
public final class DemoFleet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoFleet.class);

  private final FleetSimulator simulator;
  private final Map<String, DemoApiServer> servers = new LinkedHashMap<>();
  private final Map<String, KubeMirror> mirrors = new LinkedHashMap<>();
  private final DemoMetricsServer metrics;
  private final DemoSeries series;
  private GrayRelease grayRelease;
  private final Path kubeconfig;
  private final ScheduledFuture<?> driver;
  private final ExecutorService writers;
  private final java.util.concurrent.atomic.AtomicLong podPatches =
      new java.util.concurrent.atomic.AtomicLong();

  private DemoFleet(
      DemoFleetSpec spec,
      Instant start,
      Path workDir,
      ScheduledExecutorService ticker,
      ExecutorService httpExecutor,
      double speed) {
    simulator = new FleetSimulator(spec, start);
    simulator.setScenario(new KvCacheIncident(start));
    series = new DemoSeries(simulator, start);
    writers =
        java.util.concurrent.Executors.newFixedThreadPool(
            simulator.nodesByCluster().size(),
            r -> {
              Thread t = new Thread(r, "demo-api-writer");
              t.setDaemon(true);
              return t;
            });
    try {
      List<java.util.concurrent.Future<?>> populating = new ArrayList<>();
      for (String cluster : simulator.nodesByCluster().keySet()) {
        DemoApiServer server =
            new DemoApiServer(
                (pod, lines) -> simulator.logTail(cluster, pod, lines),
                pod -> simulator.podMetricsText(cluster, pod));
        servers.put(cluster, server);
        KubeMirror mirror = new KubeMirror(server.client());
        mirrors.put(cluster, mirror);
        populating.add(
            writers.submit(
                () ->
                    mirror.populate(
                        simulator.nodesByCluster().get(cluster),
                        simulator.workloadsByCluster().get(cluster))));
      }
      for (java.util.concurrent.Future<?> p : populating) {
        p.get();
      }
      grayRelease = startGrayRelease(start);
      mirrors.forEach((cluster, mirror) -> mirror.addSlos(DemoSlos.of(cluster)));
      mirrors.forEach((cluster, mirror) -> mirror.addQueues(DemoQueues.of(cluster, start)));
      metrics = new DemoMetricsServer(simulator::metricsText, httpExecutor);
      kubeconfig = writeKubeconfig(workDir);
    } catch (InterruptedException | java.util.concurrent.ExecutionException | RuntimeException e) {
      servers.values().forEach(DemoApiServer::close);
      writers.shutdownNow();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "the demo fleet could not be populated: " + e.getMessage(), e);
    }
    long tickMicros = Math.max(1_000, Math.round(spec.tick().toNanos() / 1000.0 / speed));
    driver = ticker.scheduleAtFixedRate(this::tick, tickMicros, tickMicros, TimeUnit.MICROSECONDS);
    LOG.info("demo fleet started: {} clusters, metrics at {}", servers.size(), metrics.url());
  }

  /**
   * The first cluster's Rollout gets a new revision at the start, and a simulated Argo Rollouts
   * controller takes it through its canary steps.
   */
  private GrayRelease startGrayRelease(Instant start) {
    for (Map.Entry<String, List<SimWorkload>> e : simulator.workloadsByCluster().entrySet()) {
      for (SimWorkload w : e.getValue()) {
        if (w.spec.kind() == DemoFleetSpec.WorkloadKind.ROLLOUT && w.spec.servesInference()) {
          GrayRelease g = new GrayRelease(simulator, w, series.store(e.getKey()));
          w.statusSource = g::status;
          String hash = simulator.newTemplateHash();
          mirrors.get(e.getKey()).newRevision(w, "2026-11-r2");
          g.begin(hash);
          simulator.addStepHook(g);
          LOG.info(
              "gray release of {} in {}: {} -> {}",
              w.spec.deployment(),
              e.getKey(),
              w.templateHash,
              hash);
          return g;
        }
      }
    }
    return null;
  }

  /** Turns the demo's canary regression on or off (more errors, slower first tokens). */
  public void setCanaryRegression(boolean on) {
    simulator.setCanaryRegression(on);
  }

  public boolean canaryRegression() {
    return simulator.canaryRegression();
  }

  /** Makes the demo API servers deny writes in access reviews (to show an RBAC refusal). */
  public void setWritesDenied(boolean denied) {
    servers.values().forEach(s -> s.setWritesDenied(denied));
  }

  /** Where the gray release plays: context, namespace and Rollout name, or empty. */
  public java.util.Optional<String[]> grayRelease() {
    if (grayRelease == null) {
      return java.util.Optional.empty();
    }
    SimWorkload w = grayRelease.workload();
    return java.util.Optional.of(new String[] {w.cluster, w.spec.namespace(), w.spec.deployment()});
  }

  /**
   * Starts the demo fleet.
   *
   * @param workDir where the demo kubeconfig is written
   * @param ticker the executor that steps the simulator (owned by the caller)
   * @param httpExecutor the executor that serves metrics requests (owned by the caller)
   */
  public static DemoFleet start(
      DemoFleetSpec spec,
      Instant start,
      Path workDir,
      ScheduledExecutorService ticker,
      ExecutorService httpExecutor) {
    return new DemoFleet(spec, start, workDir, ticker, httpExecutor, 1);
  }

  /**
   * Starts the demo fleet with simulated time running {@code speed} times faster than real time (a
   * gray release demo in a minute instead of five; tests).
   */
  public static DemoFleet start(
      DemoFleetSpec spec,
      Instant start,
      Path workDir,
      ScheduledExecutorService ticker,
      ExecutorService httpExecutor,
      double speed) {
    if (!(speed > 0 && speed <= 100)) {
      throw new IllegalArgumentException("demo speed must be in (0, 100], not " + speed);
    }
    return new DemoFleet(spec, start, workDir, ticker, httpExecutor, speed);
  }

  private void tick() {
    try {
      if (grayRelease != null) {
        SimWorkload w = grayRelease.workload();
        grayRelease.observe(
            mirrors.get(w.cluster).readRollout(w.spec.namespace(), w.spec.deployment()));
      }
      SimChanges changes = simulator.step();
      if (changes.isEmpty()) {
        return;
      }
      // Group by cluster so each API server gets its own changes.
      Map<String, SimChanges> byCluster = new LinkedHashMap<>();
      for (SimReplica r : changes.pods) {
        byCluster.computeIfAbsent(r.cluster, c -> new SimChanges()).pod(r);
      }
      for (SimWorkload w : changes.workloads) {
        byCluster.computeIfAbsent(w.cluster, c -> new SimChanges()).workloads.add(w);
      }
      for (SimReplica r : changes.created) {
        byCluster.computeIfAbsent(r.cluster, c -> new SimChanges()).created.add(r);
      }
      for (SimReplica r : changes.removed) {
        byCluster.computeIfAbsent(r.cluster, c -> new SimChanges()).removed.add(r);
      }
      changes.objects.forEach(
          (cluster, objects) ->
              byCluster
                  .computeIfAbsent(cluster, c -> new SimChanges())
                  .objects
                  .computeIfAbsent(cluster, c -> new ArrayList<>())
                  .addAll(objects));
      // Each cluster's API server takes its own changes in parallel, as real clusters would.
      // Not under the simulator's lock: the API servers call back into the simulator on their
      // event loop (a pod's /metrics page, its log), so a write waiting on a server whose loop
      // waits on that lock stalled both until the client timed out. Only this thread steps the
      // simulator, so nothing changes what the writes read while they run.
      List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
      byCluster.forEach(
          (cluster, c) -> writes.add(writers.submit(() -> mirrors.get(cluster).apply(c))));
      for (java.util.concurrent.Future<?> w : writes) {
        w.get();
      }
      podPatches.addAndGet(changes.pods.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | java.util.concurrent.ExecutionException e) {
      LOG.warn("demo fleet step failed: {}", e.toString());
      LOG.debug("demo fleet step failure", e);
    }
  }

  private Path writeKubeconfig(Path workDir) {
    ConfigBuilder config = new ConfigBuilder().withApiVersion("v1").withKind("Config");
    List<String> contexts = new ArrayList<>(servers.keySet());
    servers.forEach(
        (cluster, server) -> {
          config.addToClusters(
              new NamedClusterBuilder()
                  .withName(cluster)
                  .withNewCluster()
                  .withServer(server.url())
                  .endCluster()
                  .build());
          config.addToContexts(
              new NamedContextBuilder()
                  .withName(cluster)
                  .withNewContext()
                  .withCluster(cluster)
                  .withUser("demo-viewer")
                  .withNamespace("llm-serving")
                  .endContext()
                  .build());
        });
    config.addToUsers(
        new NamedAuthInfoBuilder().withName("demo-viewer").withNewUser().endUser().build());
    config.withCurrentContext(contexts.get(0));
    try {
      Files.createDirectories(workDir);
      Path file = workDir.resolve("demo-kubeconfig.yaml");
      Files.writeString(file, Serialization.asYaml(config.build()));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo kubeconfig in " + workDir, e);
    }
  }

  /** The kubeconfig whose contexts are the demo clusters. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public List<String> contexts() {
    return List.copyOf(servers.keySet());
  }

  public URI metricsUrl() {
    return metrics.url();
  }

  /** Pod status patches written to the API servers so far (benchmarks report the rate). */
  public long podPatches() {
    return podPatches.get();
  }

  /**
   * The request counters of one demo cluster, as its Prometheus would hold them (28 days of history
   * before the start, the simulator's counts since).
   */
  public dev.fleetscope.services.metrics.SeriesStore sloSeries(String cluster) {
    return series.store(cluster);
  }

  public FleetSimulator simulator() {
    return simulator;
  }

  @Override
  public void close() {
    driver.cancel(false);
    writers.shutdownNow();
    metrics.close();
    servers.values().forEach(DemoApiServer::close);
  }
}
