package dev.fleetscope.app;

import dev.fleetscope.services.batch.BatchBoard;
import dev.fleetscope.services.batch.BatchQueue;
import dev.fleetscope.services.batch.QueueHistory;
import dev.fleetscope.services.batch.QueueScan;
import dev.fleetscope.services.batch.QueueTimeline;
import dev.fleetscope.services.batch.ReplicaBoard;
import dev.fleetscope.services.batch.ReplicaHistory;
import dev.fleetscope.services.batch.ReplicaKey;
import dev.fleetscope.services.batch.ScrapeRound;
import dev.fleetscope.services.batch.adapter.BatchQueueReader;
import dev.fleetscope.services.batch.adapter.PodMetricsScraper;
import dev.fleetscope.services.batch.adapter.PromQueueReader;
import dev.fleetscope.services.batch.adapter.PromReplicaReader;
import dev.fleetscope.services.cluster.KubeconfigException;
import dev.fleetscope.services.cluster.adapter.KubeClients;
import dev.fleetscope.services.cluster.adapter.KubeconfigCatalog;
import dev.fleetscope.services.common.ChangeSignal;
import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.views.batch.BatchSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the batch section: reads every serving replica's batching metrics each {@link #PERIOD}
 * (from Prometheus when one is connected, else each pod's /metrics through the API server's pod
 * proxy) into a bounded history, and each cluster's Kueue and Volcano queues. The second round
 * comes a few seconds after the first, so rates show without waiting a whole period.
 */
final class BatchService implements BatchSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchService.class);
  static final Duration PERIOD = Duration.ofSeconds(15);
  static final Duration FIRST_GAP = Duration.ofSeconds(3);
  static final Duration PROMETHEUS_BACKFILL = Duration.ofMinutes(30);

  /** How far back a queue's timeline reads Prometheus, and its step (360 points). */
  static final Duration QUEUE_WINDOW = Duration.ofHours(6);

  static final Duration QUEUE_STEP = Duration.ofMinutes(1);

  /**
   * Where one connection's replica metrics come from: Prometheus (with its history and Kueue's
   * metrics), or each pod through the pod proxy. {@code closeables} are what it opened.
   */
  private record ReplicaSource(
      String describe,
      Supplier<ScrapeRound> replicas,
      PromReplicaReader prometheus,
      PromQueueReader queueMetrics,
      List<AutoCloseable> closeables) {}

  /**
   * One connection's readers: per-cluster queue scans, and the replica source, which may still be
   * being decided (while the console looks for Prometheus) when the first queues are listed.
   */
  private record Readers(
      Map<String, KubernetesClient> clusters,
      java.util.concurrent.CompletableFuture<ReplicaSource> source,
      String pending) {

    String describe() {
      ReplicaSource s = decided();
      return s != null ? s.describe() : pending;
    }

    /** The source once decided, else null. */
    ReplicaSource decided() {
      return source.isDone() && !source.isCompletedExceptionally() ? source.join() : null;
    }
  }

  private final ScheduledExecutorService io;

  /** A cluster's queue listings run at once on these (threads end when idle). */
  private final java.util.concurrent.ExecutorService listings =
      java.util.concurrent.Executors.newCachedThreadPool(ConsoleServices.daemon("batch-listing"));

  private final ChangeSignal changes = new ChangeSignal();
  private final Object publish = new Object();
  private final List<AutoCloseable> owned = new ArrayList<>();

  /** What the connection being set up opened (clients, scrapers); owned once it starts. */
  private final List<AutoCloseable> fresh = new ArrayList<>();

  private volatile Readers readers;
  private volatile ReplicaBoard replicas = new ReplicaBoard();
  private volatile QueueHistory queueHistory = new QueueHistory(ReplicaBoard.CAPACITY);
  private volatile BatchBoard board = BatchBoard.empty("nothing yet");
  private volatile Supplier<Instant> now;
  private ScheduledFuture<?> schedule;
  private volatile CountDownLatch firstRead = new CountDownLatch(1);

  /** Completes once the current connection's queues (or why they cannot be read) are shown. */
  private volatile java.util.concurrent.CompletableFuture<Void> shown =
      new java.util.concurrent.CompletableFuture<>();

  private final Clock clock;

  BatchService(ScheduledExecutorService io, Clock clock) {
    this.io = io;
    this.clock = clock;
    this.now = clock::instant;
  }

  /** The demo fleet: each demo cluster's pods through its API server's pod proxy. */
  synchronized void useDemo(
      List<String> contexts, KubeconfigCatalog catalog, Supplier<Instant> simNow) {
    Clock sim = new dev.fleetscope.services.common.SuppliedClock(simNow);
    Map<String, KubernetesClient> clients = clients(catalog, contexts);
    start(
        new Readers(
            clients,
            java.util.concurrent.CompletableFuture.completedFuture(podProxy(clients, sim)),
            ""),
        simNow,
        java.util.concurrent.CompletableFuture.completedFuture(null));
  }

  /** Real clusters: Prometheus when given, else each context's pod proxy. */
  synchronized void useClusters(
      KubeconfigCatalog catalog, List<String> contexts, Optional<PrometheusApi> prometheus) {
    useClusters(
        catalog, contexts, java.util.concurrent.CompletableFuture.completedFuture(prometheus));
  }

  /**
   * Real clusters, with the Prometheus to read replicas from still being looked for: the queues are
   * listed at once and shown, and the replicas are read once {@code prometheus} is known (from it
   * when found, else through each context's pod proxy).
   */
  synchronized void useClusters(
      KubeconfigCatalog catalog,
      List<String> contexts,
      java.util.concurrent.CompletableFuture<Optional<PrometheusApi>> prometheus) {
    useClusters(
        catalog,
        contexts,
        prometheus,
        java.util.concurrent.CompletableFuture.completedFuture(null));
  }

  /**
   * As above, but the first read waits for {@code readAfter} (however it completes): the console
   * lets the section on screen read first. The board is reset for the new connection at once.
   */
  synchronized void useClusters(
      KubeconfigCatalog catalog,
      List<String> contexts,
      java.util.concurrent.CompletableFuture<Optional<PrometheusApi>> prometheus,
      java.util.concurrent.CompletableFuture<?> readAfter) {
    Map<String, KubernetesClient> clients = clients(catalog, contexts);
    java.util.concurrent.CompletableFuture<ReplicaSource> source =
        prometheus.thenApply(
            p -> {
              if (p.isEmpty()) {
                return podProxy(clients, clock);
              }
              PromReplicaReader reader = new PromReplicaReader(p.get());
              return new ReplicaSource(
                  reader.describe(),
                  () -> reader.read(clock.instant()),
                  reader,
                  new PromQueueReader(p.get()),
                  List.of());
            });
    start(
        new Readers(clients, source, "looking for Prometheus in " + String.join(", ", contexts)),
        clock::instant,
        readAfter);
  }

  private static ReplicaSource podProxy(Map<String, KubernetesClient> clients, Clock c) {
    List<PodMetricsScraper> scrapers = new ArrayList<>();
    clients.forEach((ctx, client) -> scrapers.add(new PodMetricsScraper(ctx, client, c)));
    String describe =
        "the pod proxy of "
            + (clients.isEmpty() ? "no cluster" : String.join(", ", clients.keySet()));
    return new ReplicaSource(
        describe, () -> merge(scrapers, c.instant()), null, null, List.copyOf(scrapers));
  }

  private static ScrapeRound merge(List<PodMetricsScraper> scrapers, Instant at) {
    List<dev.fleetscope.services.batch.ReplicaScrape> scrapes = new ArrayList<>();
    Map<ReplicaKey, String> failures = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (PodMetricsScraper s : scrapers) {
      ScrapeRound r = s.scrape();
      scrapes.addAll(r.scrapes());
      failures.putAll(r.failures());
      problems.addAll(r.problems());
    }
    return new ScrapeRound(at, scrapes, failures, problems);
  }

  private Map<String, KubernetesClient> clients(KubeconfigCatalog catalog, List<String> contexts) {
    Map<String, KubernetesClient> out = new LinkedHashMap<>();
    if (catalog == null) {
      return out;
    }
    for (String context : contexts) {
      try {
        KubernetesClient c = KubeClients.build(catalog.clientConfig(context));
        fresh.add(c);
        out.put(context, c);
      } catch (KubeconfigException | RuntimeException e) {
        LOG.warn("no client for context {}: {}", context, e.getMessage());
      }
    }
    return out;
  }

  private void start(
      Readers next, Supplier<Instant> time, java.util.concurrent.CompletableFuture<?> readAfter) {
    if (schedule != null) {
      schedule.cancel(false);
    }
    List<AutoCloseable> previous = new ArrayList<>(owned);
    owned.clear();
    owned.addAll(fresh);
    fresh.clear();
    previous.removeAll(owned);
    previous.forEach(BatchService::closeQuietly);
    Readers before = readers;
    if (before != null) {
      // What the old source opened, once it is known (it may still be being decided).
      before.source().thenAccept(s -> s.closeables().forEach(BatchService::closeQuietly));
    }
    synchronized (publish) {
      // Under the lock a round of the previous connection publishes with: once this is set, none
      // of its results (or its failures, as its clients close) can show for this connection.
      readers = next;
      now = time;
      replicas = new ReplicaBoard();
      queueHistory = new QueueHistory(ReplicaBoard.CAPACITY);
      firstRead = new CountDownLatch(1);
      shown = new java.util.concurrent.CompletableFuture<>();
      board = BatchBoard.empty(next.describe());
    }
    changes.fire();
    Readers mine = next;
    if (readAfter.isDone()) {
      beginReading(mine);
    } else {
      readAfter.whenComplete((v, e) -> beginReading(mine));
    }
  }

  private synchronized void beginReading(Readers mine) {
    if (readers != mine) {
      return; // replaced (or closed) before its turn came
    }
    io.execute(() -> backfill(mine));
    io.schedule(() -> round(mine), FIRST_GAP.toMillis(), TimeUnit.MILLISECONDS);
    schedule =
        io.scheduleWithFixedDelay(
            () -> round(mine),
            FIRST_GAP.toMillis() + PERIOD.toMillis(),
            PERIOD.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /**
   * The first round: while the replica source is still being decided, the queues are listed and
   * shown first; then Prometheus's recent past where there is one, then a read of now.
   */
  private void backfill(Readers r) {
    if (r.source().isDone()) {
      backfill(r, null);
      return;
    }
    Queues listed = queues(r);
    early(r, listed);
    // No thread waits for the decision: the rest of the first round runs once it is made.
    r.source().whenCompleteAsync((src, e) -> backfill(r, listed), io);
  }

  private void backfill(Readers r, Queues listed) {
    ReplicaSource src = r.decided();
    if (src != null && src.prometheus() != null) {
      try {
        Instant to = now.get();
        for (ScrapeRound past :
            src.prometheus().history(to.minus(PROMETHEUS_BACKFILL), to, PERIOD)) {
          replicas.accept(past.scrapes(), past.at());
        }
      } catch (RuntimeException e) {
        LOG.debug("no batch history from {}", r.describe(), e);
      }
    }
    round(r, listed);
  }

  private void round(Readers r) {
    round(r, null);
  }

  /** One round; {@code listed}: queues the first round already listed, else null. */
  private void round(Readers r, Queues listed) {
    if (r != readers) {
      return;
    }
    try {
      // Queues are listed while the replicas are scraped: a round takes the longer of the two.
      java.util.concurrent.CompletableFuture<Queues> queued =
          listed != null
              ? java.util.concurrent.CompletableFuture.completedFuture(listed)
              : java.util.concurrent.CompletableFuture.supplyAsync(() -> queues(r), io);
      if (!board.read() && listed == null) {
        // The first round: the queues (a few listings) are read before the replicas (a request per
        // pod) start, and show as soon as they are in. (Queues listed by the caller already show.)
        early(r, queued.join());
      }
      ScrapeRound round = r.source().join().replicas().get();
      Queues q = queued.join();
      List<QueueScan> scans = q.scans();
      List<String> problems = new ArrayList<>(round.problems());
      problems.addAll(q.problems());
      synchronized (publish) {
        if (r != readers) {
          return;
        }
        replicas.accept(round.scrapes(), round.at());
        queueHistory.record(round.at(), scans);
        board =
            new BatchBoard(
                round.at(),
                r.describe(),
                replicas.states(),
                round.failures(),
                scans,
                problems,
                true);
        firstRead.countDown();
        shown.complete(null);
      }
      changes.fire();
    } catch (RuntimeException e) {
      synchronized (publish) {
        if (r != readers) {
          // A round of a connection since replaced, failing as its clients close.
          LOG.debug("batch round of a previous connection ended: {}", e.getMessage());
          return;
        }
        LOG.warn("batch round failed", e);
        board =
            new BatchBoard(
                now.get(),
                r.describe(),
                board.replicas(),
                board.failures(),
                board.queues(),
                List.of("cannot read batch state: " + e.getMessage()),
                true);
        firstRead.countDown();
        shown.complete(null);
      }
      changes.fire();
    }
  }

  /** The first round's queues, published while its replicas are still being read. */
  private void early(Readers r, Queues q) {
    synchronized (publish) {
      if (r != readers || board.read()) {
        return;
      }
      board =
          new BatchBoard(null, r.describe(), List.of(), Map.of(), q.scans(), q.problems(), false);
      shown.complete(null);
    }
    changes.fire();
  }

  private record Queues(List<QueueScan> scans, List<String> problems) {}

  /** Each cluster's Kueue and Volcano objects; a cluster that cannot be read says why. */
  private Queues queues(Readers r) {
    List<QueueScan> scans = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, KubernetesClient> c : r.clusters().entrySet()) {
      try {
        QueueScan scan = BatchQueueReader.read(c.getKey(), c.getValue(), listings);
        scans.add(scan);
        problems.addAll(scan.problems());
      } catch (RuntimeException e) {
        problems.add(c.getKey() + ": cannot read batch queues: " + e.getMessage());
      }
    }
    return new Queues(scans, problems);
  }

  /**
   * The current connection's first queues on the board: completes when they (or the reason they
   * cannot be read) are published. Taken right after {@code useClusters}, it is that connection's.
   */
  java.util.concurrent.CompletableFuture<Void> firstShown() {
    return shown;
  }

  /** Waits for the first round after a connection; false on timeout. */
  boolean awaitFirst(Duration timeout) throws InterruptedException {
    return firstRead.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public BatchBoard board() {
    return board;
  }

  @Override
  public Subscription subscribe(Runnable onChange) {
    return changes.subscribe(onChange);
  }

  @Override
  public void refreshNow() {
    Readers r = readers;
    if (r != null) {
      io.execute(() -> round(r));
    }
  }

  @Override
  public Optional<ReplicaHistory> history(ReplicaKey key) {
    return replicas.history(key);
  }

  @Override
  public QueueTimeline queueTimeline(BatchQueue queue) {
    Readers r = readers;
    QueueHistory mine = queueHistory;
    String own = "the console's own reads since it connected (every " + PERIOD.toSeconds() + " s)";
    QueueTimeline local = mine.timeline(queue, own);
    ReplicaSource src = r == null ? null : r.decided();
    if (src == null || src.queueMetrics() == null) {
      return local;
    }
    if (!PromQueueReader.covers(queue)) {
      return local.withNote(
          "Kueue's metrics are per ClusterQueue: select ClusterQueue "
              + queue.parent()
              + " for its history in Prometheus.");
    }
    try {
      Instant to = now.get();
      QueueTimeline t = src.queueMetrics().read(queue, to.minus(QUEUE_WINDOW), to, QUEUE_STEP);
      if (t.hasPoints()) {
        return t;
      }
      return local.withNote(
          src.queueMetrics().describe()
              + " has no "
              + (queue.scheduler() == dev.fleetscope.services.batch.Scheduler.VOLCANO
                  ? "volcano_queue_*"
                  : "kueue_*")
              + " series for this queue.");
    } catch (RuntimeException e) {
      return local.withNote(
          "Cannot read the queue's history from "
              + src.queueMetrics().describe()
              + ": "
              + e.getMessage()
              + ".");
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("close failed", e);
    }
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.cancel(false);
    }
    Readers last = readers;
    if (last != null) {
      last.source().thenAccept(s -> s.closeables().forEach(BatchService::closeQuietly));
    }
    readers = null;
    listings.shutdown();
    owned.forEach(BatchService::closeQuietly);
    owned.clear();
  }
}
