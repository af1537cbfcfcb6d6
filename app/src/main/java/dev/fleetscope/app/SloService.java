package dev.fleetscope.app;

import dev.fleetscope.services.cluster.KubeconfigException;
import dev.fleetscope.services.cluster.adapter.KubeClients;
import dev.fleetscope.services.cluster.adapter.KubeconfigCatalog;
import dev.fleetscope.services.common.ChangeSignal;
import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.demo.DemoFleet;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.services.slo.Indicator;
import dev.fleetscope.services.slo.SloBoard;
import dev.fleetscope.services.slo.SloEvaluator;
import dev.fleetscope.services.slo.SloHistory;
import dev.fleetscope.services.slo.SloMonitor;
import dev.fleetscope.services.slo.SloResult;
import dev.fleetscope.services.slo.SloSpec;
import dev.fleetscope.services.slo.SloTrends;
import dev.fleetscope.services.slo.adapter.ClusterSloReader;
import dev.fleetscope.services.slo.spec.SloFiles;
import dev.fleetscope.views.slo.SloSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the SLO section: finds SLOs (Pyrra and Sloth objects in each cluster, plus {@code
 * --slo-file}s), judges them where their data lives (the demo cluster's series, or the connected
 * Prometheus), and keeps one monitor per source so a failing source marks only its own SLOs stale.
 */
final class SloService implements SloSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SloService.class);
  static final double MIN_EVENTS = 100;
  static final Duration PERIOD = Duration.ofSeconds(15);

  /**
   * How often the 28/30-day SLO windows are read again from Prometheus (every raw sample of the
   * window: most of a refresh's cost); burn windows are read on every refresh.
   */
  static final Duration SLO_WINDOW_EVERY = Duration.ofMinutes(5);

  /** One place SLOs are judged: its monitor, evaluator and history, and the clusters it serves. */
  private record Source(
      SloMonitor monitor,
      java.util.concurrent.atomic.AtomicReference<SloEvaluator> evaluator,
      SloHistory history,
      List<String> clusters,
      boolean files) {
    boolean serves(SloSpec spec) {
      return spec.cluster().isEmpty() ? files : clusters.contains(spec.cluster());
    }
  }

  private final ScheduledExecutorService io;
  private final Clock clock;
  private final Optional<Instant> at;
  private final List<Path> files;
  private final ChangeSignal changes = new ChangeSignal();
  private final List<AutoCloseable> owned = new ArrayList<>();
  private volatile List<Source> sources = List.of();
  private volatile Supplier<Instant> now;
  private volatile SloEvaluator.Policy policy;

  SloService(
      ScheduledExecutorService io,
      Clock clock,
      Optional<Instant> at,
      List<Path> files,
      SloEvaluator.Policy policy) {
    this.policy = policy;
    this.io = io;
    this.clock = clock;
    this.at = at;
    this.files = List.copyOf(files);
    this.now = clock::instant;
  }

  /**
   * The demo fleet: each demo cluster's SLO objects judged against that cluster's series; SLO files
   * are judged against the first cluster's (as against the current context's Prometheus).
   */
  synchronized void useDemo(DemoFleet demo, KubeconfigCatalog catalog) {
    closeSources();
    now = demo.simulator()::now;
    List<Source> next = new ArrayList<>();
    boolean first = true;
    for (String context : demo.contexts()) {
      KubernetesClient client = client(catalog, context);
      var store = demo.sloSeries(context);
      var evaluator =
          new java.util.concurrent.atomic.AtomicReference<>(
              SloEvaluator.overStore(store, policy, MIN_EVENTS));
      boolean withFiles = first && !files.isEmpty();
      Supplier<SloMonitor.Specs> specs =
          () -> merge(client == null ? null : List.of(Map.entry(context, client)), withFiles);
      next.add(
          new Source(
              monitor(specs, evaluator, DataOrigin.DEMO, store.describe()),
              evaluator,
              new SloHistory(SloHistory.store(store)),
              List.of(context),
              withFiles));
      first = false;
    }
    publish(next);
  }

  /**
   * Real clusters: every context's SLO objects and the SLO files, judged against one Prometheus
   * given by URL, or else each context's against its own (named or found in that cluster, reached
   * through its API server), the files against the first context's. SLOs of a context without a
   * Prometheus are not judged; the connection reports why.
   */
  synchronized void useClusters(
      KubeconfigCatalog catalog,
      List<String> contexts,
      Optional<PrometheusApi> prometheus,
      Map<String, PrometheusApi> perContext) {
    closeSources();
    now = clock::instant;
    List<Map.Entry<String, KubernetesClient>> clients = new ArrayList<>();
    if (catalog != null) {
      for (String context : contexts) {
        KubernetesClient c = client(catalog, context);
        if (c != null) {
          clients.add(Map.entry(context, c));
        }
      }
    }
    if (prometheus.isPresent()) {
      publish(List.of(source(prometheus.get(), clients, contexts, true)));
      return;
    }
    List<Source> next = new ArrayList<>();
    boolean files = true;
    for (Map.Entry<String, KubernetesClient> c : clients) {
      PrometheusApi api = perContext.get(c.getKey());
      if (api != null) {
        next.add(source(api, List.of(c), List.of(c.getKey()), files));
        files = false;
      }
    }
    if (next.isEmpty() && (!this.files.isEmpty() || !clients.isEmpty())) {
      LOG.info(
          "SLOs found but no Prometheus to judge them: pass --prometheus URL or"
              + " --prometheus-service NAMESPACE/NAME:PORT");
    }
    publish(next);
  }

  private Source source(
      PrometheusApi api,
      List<Map.Entry<String, KubernetesClient>> clients,
      List<String> contexts,
      boolean withFiles) {
    var evaluator =
        new java.util.concurrent.atomic.AtomicReference<>(
            new SloEvaluator(api, policy, MIN_EVENTS, io).slowWindowsReadEvery(SLO_WINDOW_EVERY));
    return new Source(
        monitor(() -> merge(clients, withFiles), evaluator, DataOrigin.PROMETHEUS, api.describe()),
        evaluator,
        new SloHistory(SloHistory.prometheus(api)),
        contexts,
        withFiles);
  }

  private SloMonitor.Specs merge(
      List<Map.Entry<String, KubernetesClient>> clients, boolean withFiles) {
    List<SloSpec> specs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (clients != null) {
      for (Map.Entry<String, KubernetesClient> c : clients) {
        try {
          ClusterSloReader.Found found = ClusterSloReader.read(c.getKey(), c.getValue());
          specs.addAll(found.specs());
          problems.addAll(found.problems());
        } catch (RuntimeException e) {
          LOG.debug("SLO objects of {} could not be read", c.getKey(), e);
          problems.add(c.getKey() + ": cannot read SLO objects: " + e.getMessage());
        }
      }
    }
    if (withFiles) {
      for (Path f : files) {
        SloFiles.Result r = SloFiles.read(f);
        specs.addAll(r.specs());
        problems.addAll(r.messages());
      }
    }
    return new SloMonitor.Specs(specs, problems);
  }

  private SloMonitor monitor(
      Supplier<SloMonitor.Specs> specs,
      java.util.concurrent.atomic.AtomicReference<SloEvaluator> evaluator,
      DataOrigin origin,
      String name) {
    SloMonitor m =
        new SloMonitor(
            specs,
            (list, at) -> evaluator.get().evaluate(list, at),
            origin,
            name,
            this::evaluationTime,
            clock,
            io,
            PERIOD);
    Subscription s = m.subscribe(changes::fire);
    owned.add(s::close);
    owned.add(m);
    return m;
  }

  private KubernetesClient client(KubeconfigCatalog catalog, String context) {
    try {
      KubernetesClient c = KubeClients.build(catalog.clientConfig(context));
      owned.add(c);
      return c;
    } catch (KubeconfigException | RuntimeException e) {
      LOG.warn("no client for context {}: {}", context, e.getMessage());
      return null;
    }
  }

  private void publish(List<Source> next) {
    sources = List.copyOf(next);
    changes.fire();
  }

  private void closeSources() {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.debug("close failed", e);
      }
    }
    owned.clear();
    sources = List.of();
  }

  @Override
  public List<SloBoard> boards() {
    return sources.stream().map(s -> s.monitor().current()).toList();
  }

  @Override
  public Subscription subscribe(Runnable onChange) {
    return changes.subscribe(onChange);
  }

  @Override
  public void refreshNow() {
    sources.forEach(s -> s.monitor().refreshNow());
  }

  @Override
  public SloEvaluator.Policy policy() {
    return policy;
  }

  /** Judges every source with another alert policy from the next refresh on (started now). */
  @Override
  public void setPolicy(SloEvaluator.Policy next) {
    policy = next;
    for (Source s : sources) {
      s.evaluator().updateAndGet(e -> e.withPolicy(next));
    }
    refreshNow();
  }

  @Override
  public Instant evaluationTime() {
    return at.orElseGet(now);
  }

  @Override
  public boolean fixedTime() {
    return at.isPresent();
  }

  @Override
  public SloTrends trends(SloResult result, Instant from, Instant to, int points) {
    return sourceOf(result.spec()).history().trends(result, from, to, points);
  }

  @Override
  public List<SloResult> split(SloResult result, String label) {
    SloSpec spec = result.spec();
    Indicator ind = spec.indicator();
    SloSpec byLabel;
    try {
      List<String> grouping = new ArrayList<>(ind.grouping());
      if (!grouping.contains(label)) {
        grouping.add(label);
      }
      // Sloth's queries carry their own aggregation: the label is written into each one.
      byLabel = spec.withIndicator(ind.withGrouping(grouping));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "this SLO's Sloth query cannot be split by " + label + ": " + e.getMessage(), e);
    }
    List<SloResult> out = new ArrayList<>();
    for (SloResult r :
        sourceOf(spec).evaluator().get().evaluate(List.of(byLabel), evaluationTime()).results()) {
      Map<String, String> g = r.group();
      boolean sameGroup =
          result.group().entrySet().stream().allMatch(e -> e.getValue().equals(g.get(e.getKey())));
      if (sameGroup && !r.group().getOrDefault(label, "").isEmpty()) {
        out.add(r);
      }
    }
    return out;
  }

  private Source sourceOf(SloSpec spec) {
    return sources.stream()
        .filter(s -> s.serves(spec))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no source judges " + spec.origin() + " any more"));
  }

  /** Waits until every board has judged once or gone stale (for exports). */
  boolean awaitFirst(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (boards().stream().allMatch(b -> b.snapshot().isPresent() || b.stale())) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  @Override
  public synchronized void close() {
    closeSources();
  }
}
