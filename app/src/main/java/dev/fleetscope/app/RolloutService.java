package dev.fleetscope.app;

import dev.fleetscope.services.cluster.KubeconfigException;
import dev.fleetscope.services.cluster.adapter.KubeClients;
import dev.fleetscope.services.cluster.adapter.KubeconfigCatalog;
import dev.fleetscope.services.common.AuditLog;
import dev.fleetscope.services.common.ChangeSignal;
import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.demo.DemoFleet;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.services.rollout.CanaryAnalysis;
import dev.fleetscope.services.rollout.CanaryReport;
import dev.fleetscope.services.rollout.CanaryTarget;
import dev.fleetscope.services.rollout.Rollout;
import dev.fleetscope.services.rollout.RolloutAction;
import dev.fleetscope.services.rollout.RolloutBoard;
import dev.fleetscope.services.rollout.RolloutControl;
import dev.fleetscope.services.rollout.RolloutOperator;
import dev.fleetscope.services.rollout.RolloutScan;
import dev.fleetscope.services.rollout.adapter.Fabric8Rollouts;
import dev.fleetscope.services.rollout.adapter.PromCanaryMetrics;
import dev.fleetscope.services.rollout.adapter.StoreCanaryMetrics;
import dev.fleetscope.services.rollout.judge.CanaryJudge;
import dev.fleetscope.views.rollout.RolloutSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Gray releases section: reads every context's Rollouts each {@link #PERIOD}, analyses
 * each canary in flight against its stable version (the demo's series, or Prometheus when one is
 * connected), and carries out confirmed actions through {@link RolloutOperator}, audited in the
 * user's state directory.
 */
final class RolloutService implements RolloutSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutService.class);
  static final Duration PERIOD = Duration.ofSeconds(2);
  static final Duration ANALYSIS_WINDOW = Duration.ofMinutes(10);
  static final double OBJECTIVE = 0.995;

  private final ScheduledExecutorService io;
  private final boolean readOnly;
  private final AuditLog audit;
  private final Clock clock;
  private final ChangeSignal changes = new ChangeSignal();
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final List<AutoCloseable> fresh = new ArrayList<>();
  private volatile Map<String, Fabric8Rollouts> controls = Map.of();
  private volatile CanaryAnalysis analysis;
  private volatile Supplier<Instant> now;
  private volatile RolloutBoard board = RolloutBoard.empty("");
  private volatile DemoFleet demo;
  private volatile CountDownLatch firstRead = new CountDownLatch(1);
  private ScheduledFuture<?> schedule;
  private final RolloutOperator operator;

  RolloutService(ScheduledExecutorService io, Clock clock, boolean readOnly, AuditLog audit) {
    this.io = io;
    this.clock = clock;
    this.readOnly = readOnly;
    this.audit = audit;
    this.now = clock::instant;
    this.operator =
        new RolloutOperator(
            ctx -> Optional.<RolloutControl>ofNullable(controls.get(ctx)),
            audit,
            System.getProperty("user.name", "unknown"),
            new dev.fleetscope.services.common.SuppliedClock(() -> now.get()));
  }

  /** The demo fleet: its clusters, and canary SLIs from its simulated Prometheus. */
  synchronized void useDemo(DemoFleet fleet, KubeconfigCatalog catalog) {
    demo = fleet;
    Supplier<Instant> simNow = fleet.simulator()::now;
    CanaryAnalysis a =
        new CanaryAnalysis(
            new StoreCanaryMetrics(fleet::sloSeries),
            CanaryJudge.defaults(),
            CanaryTarget.ROLLOUT_HASH,
            ANALYSIS_WINDOW,
            Duration.ofSeconds(15),
            OBJECTIVE);
    start(clients(catalog, fleet.contexts(), clock), a, simNow);
  }

  /** Real clusters; canary analysis from Prometheus when one is connected. */
  synchronized void useClusters(
      KubeconfigCatalog catalog, List<String> contexts, Optional<PrometheusApi> prometheus) {
    demo = null;
    CanaryAnalysis a =
        prometheus
            .map(
                p ->
                    new CanaryAnalysis(
                        new PromCanaryMetrics(p),
                        CanaryJudge.defaults(),
                        CanaryTarget.ROLLOUT_HASH,
                        ANALYSIS_WINDOW,
                        Duration.ofSeconds(30),
                        OBJECTIVE))
            .orElse(null);
    start(catalog == null ? Map.of() : clients(catalog, contexts, clock), a, clock::instant);
  }

  private Map<String, Fabric8Rollouts> clients(
      KubeconfigCatalog catalog, List<String> contexts, Clock c) {
    Map<String, Fabric8Rollouts> out = new LinkedHashMap<>();
    for (String context : contexts) {
      try {
        KubernetesClient client = KubeClients.build(catalog.clientConfig(context));
        fresh.add(client);
        out.put(context, new Fabric8Rollouts(context, client, c));
      } catch (KubeconfigException | RuntimeException e) {
        LOG.warn("no client for context {}: {}", context, e.getMessage());
      }
    }
    return out;
  }

  private void start(Map<String, Fabric8Rollouts> next, CanaryAnalysis a, Supplier<Instant> time) {
    if (schedule != null) {
      schedule.cancel(false);
    }
    // The previous connection's clients go; the ones just made for this one stay.
    List<AutoCloseable> previous = new ArrayList<>(owned);
    owned.clear();
    owned.addAll(fresh);
    fresh.clear();
    previous.removeAll(owned);
    previous.forEach(RolloutService::closeQuietly);
    controls = Map.copyOf(next);
    analysis = a;
    now = time;
    board = RolloutBoard.empty("");
    firstRead = new CountDownLatch(1);
    changes.fire();
    Map<String, Fabric8Rollouts> mine = controls;
    schedule =
        io.scheduleWithFixedDelay(() -> read(mine), 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private final Map<String, CanaryReport> reports = new HashMap<>();
  private final Map<String, Instant> analysedAt = new HashMap<>();

  private synchronized void read(Map<String, Fabric8Rollouts> mine) {
    if (mine != controls) {
      return;
    }
    try {
      List<RolloutScan> scans = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      for (Fabric8Rollouts c : mine.values()) {
        try {
          RolloutScan scan = c.scan();
          scans.add(scan);
          problems.addAll(scan.problems());
        } catch (RuntimeException e) {
          problems.add(c.context() + ": cannot read rollouts: " + e.getMessage());
        }
      }
      Instant t = now.get();
      Map<String, CanaryReport> next = new LinkedHashMap<>();
      for (RolloutScan s : scans) {
        for (Rollout r : s.rollouts()) {
          if (!r.updating()) {
            continue;
          }
          if (analysis == null) {
            next.put(
                r.key(),
                CanaryReport.unavailable(
                    r.key(), "", "no metrics source: connect Prometheus (--prometheus) to judge"));
            continue;
          }
          CanaryReport previous = reports.get(r.key());
          Instant last = analysedAt.get(r.key());
          boolean fresh =
              previous != null
                  && last != null
                  && Duration.between(last, t).compareTo(Duration.ofSeconds(10)) < 0
                  && r.canaryHash().equals(previous.canaryHash());
          CanaryReport report = fresh ? previous : analysis.analyse(r, t);
          if (!fresh) {
            analysedAt.put(r.key(), t);
          }
          next.put(r.key(), report);
        }
      }
      reports.clear();
      reports.putAll(next);
      int installed = (int) scans.stream().filter(RolloutScan::installed).count();
      if (!scans.isEmpty() && installed == 0) {
        problems.add("Argo Rollouts is not installed in any connected cluster");
      }
      board =
          new RolloutBoard(
              clock.instant(), t, scans, next, analysis == null ? "" : describe(), problems);
    } catch (RuntimeException e) {
      LOG.warn("rollout read failed", e);
      board = RolloutBoard.empty("cannot read rollouts: " + e.getMessage());
    }
    firstRead.countDown();
    changes.fire();
  }

  private String describe() {
    return demo != null ? "the demo fleet's simulated Prometheus" : "Prometheus";
  }

  boolean awaitFirst(Duration timeout) throws InterruptedException {
    return firstRead.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public RolloutBoard board() {
    return board;
  }

  @Override
  public Subscription subscribe(Runnable onChange) {
    return changes.subscribe(onChange);
  }

  @Override
  public void refreshNow() {
    Map<String, Fabric8Rollouts> mine = controls;
    io.execute(() -> read(mine));
  }

  @Override
  public boolean readOnly() {
    return readOnly;
  }

  @Override
  public CompletableFuture<RolloutOperator.Prepared> prepare(
      Rollout rollout, RolloutAction action) {
    if (readOnly) {
      return CompletableFuture.failedFuture(new IllegalStateException("read-only mode"));
    }
    return CompletableFuture.supplyAsync(() -> operator.prepare(rollout, action), io);
  }

  @Override
  public CompletableFuture<RolloutOperator.Outcome> execute(RolloutOperator.Prepared prepared) {
    if (readOnly) {
      return CompletableFuture.failedFuture(new IllegalStateException("read-only mode"));
    }
    return CompletableFuture.supplyAsync(() -> operator.execute(prepared), io);
  }

  @Override
  public Optional<DemoSwitch> canaryRegression() {
    DemoFleet d = demo;
    if (d == null) {
      return Optional.empty();
    }
    return Optional.of(
        new DemoSwitch() {
          @Override
          public boolean on() {
            return d.canaryRegression();
          }

          @Override
          public void set(boolean on) {
            d.setCanaryRegression(on);
          }
        });
  }

  AuditLog audit() {
    return audit;
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.cancel(false);
    }
    owned.forEach(RolloutService::closeQuietly);
    fresh.forEach(RolloutService::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("close failed", e);
    }
  }
}
