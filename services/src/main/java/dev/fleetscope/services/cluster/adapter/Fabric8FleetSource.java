package dev.fleetscope.services.cluster.adapter;

import dev.fleetscope.services.cluster.ClusterOverview;
import dev.fleetscope.services.cluster.ClusterReads;
import dev.fleetscope.services.cluster.ClusterState;
import dev.fleetscope.services.cluster.ClusterStatus;
import dev.fleetscope.services.cluster.ConnectionState;
import dev.fleetscope.services.cluster.FleetOverview;
import dev.fleetscope.services.cluster.FleetOverviewSource;
import dev.fleetscope.services.cluster.FleetState;
import dev.fleetscope.services.cluster.KubeContext;
import dev.fleetscope.services.cluster.KubeconfigException;
import dev.fleetscope.services.cluster.OverviewCalculator;
import dev.fleetscope.services.common.ChangeSignal;
import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.common.Subscription;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fleet overview across every connected context, through fabric8. Each cluster is watched on
 * its own; changes only set a dirty flag, and a periodic task recomputes the snapshot at most every
 * {@value #RECOMPUTE_PERIOD_MILLIS} ms, so an event storm costs a bounded amount of work.
 */
public final class Fabric8FleetSource implements FleetOverviewSource, AutoCloseable {
  static final long RECOMPUTE_PERIOD_MILLIS = 250;

  /** A context that could not even be configured, shown as unreachable with its cause. */
  private record Broken(String context, String server, String cause) {}

  private final List<Fabric8ClusterWatch> watches = new ArrayList<>();
  private final List<Broken> broken = new ArrayList<>();
  private final DataOrigin origin;
  private final Clock clock;
  private final ChangeSignal changes = new ChangeSignal();
  private final AtomicBoolean dirty = new AtomicBoolean(true);

  /** The state and the overview derived from it, published together. */
  private record Snapshot(FleetState state, FleetOverview overview) {}

  private final AtomicReference<Snapshot> latest;
  private final Fabric8ClusterReads reads;
  private final ScheduledFuture<?> recompute;
  private final ScheduledExecutorService io;
  private volatile long lastCompute = System.nanoTime();
  private final AtomicBoolean listedPending = new AtomicBoolean();
  static final long LISTED_GAP_MILLIS = 100;
  private final CompletableFuture<Void> settled = new CompletableFuture<>();
  private boolean started;
  private boolean closed;

  private Fabric8FleetSource(
      KubeconfigCatalog catalog,
      List<String> contexts,
      DataOrigin origin,
      ScheduledExecutorService io,
      Clock clock) {
    this.origin = origin;
    this.clock = clock;
    for (String context : contexts) {
      Optional<KubeContext> known =
          catalog.contexts().stream().filter(k -> k.name().equals(context)).findFirst();
      try {
        watches.add(
            new Fabric8ClusterWatch(
                context,
                catalog.clientConfig(context),
                io,
                this::markDirty,
                this::recomputeNow,
                clock));
      } catch (KubeconfigException e) {
        broken.add(new Broken(context, known.map(KubeContext::server).orElse(""), e.getMessage()));
      }
    }
    this.io = io;
    this.latest = new AtomicReference<>(compute());
    this.reads = new Fabric8ClusterReads(this::client, io);
    this.recompute =
        io.scheduleWithFixedDelay(
            this::recomputeIfDirty,
            RECOMPUTE_PERIOD_MILLIS,
            RECOMPUTE_PERIOD_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  /** Connects to the given contexts of a kubeconfig; a context that cannot be used is reported. */
  public static Fabric8FleetSource connect(
      KubeconfigCatalog catalog,
      List<String> contexts,
      DataOrigin origin,
      ScheduledExecutorService io,
      Clock clock) {
    Fabric8FleetSource source = new Fabric8FleetSource(catalog, contexts, origin, io, clock);
    source.start();
    return source;
  }

  /**
   * As {@link #connect}, but nothing is read until {@link #start}: every context shows as
   * connecting meanwhile (a context that cannot be configured, as unreachable at once). The console
   * prepares the clusters this way when another section is on screen and reads first.
   */
  public static Fabric8FleetSource prepare(
      KubeconfigCatalog catalog,
      List<String> contexts,
      DataOrigin origin,
      ScheduledExecutorService io,
      Clock clock) {
    return new Fabric8FleetSource(catalog, contexts, origin, io, clock);
  }

  /** Starts watching every context; once only, and not after {@link #close}. */
  public synchronized void start() {
    if (started || closed) {
      return;
    }
    started = true;
    watches.forEach(Fabric8ClusterWatch::start);
  }

  /**
   * Completes once every context has settled: listed all it watches (or been refused them), or
   * found unreachable. It may never complete (a context that keeps connecting); callers bound it.
   */
  public CompletableFuture<Void> settled() {
    return settled;
  }

  @Override
  public FleetOverview snapshot() {
    return latest.get().overview();
  }

  @Override
  public FleetState state() {
    return latest.get().state();
  }

  @Override
  public ClusterReads reads() {
    return reads;
  }

  private KubernetesClient client(String context) {
    for (Fabric8ClusterWatch w : watches) {
      if (w.context().equals(context) && w.client() != null) {
        return w.client();
      }
    }
    throw new IllegalStateException("context '" + context + "' is not connected");
  }

  @Override
  public Subscription onChange(Runnable listener) {
    return changes.subscribe(listener);
  }

  /** Informer events received from every cluster so far (benchmarks report the rate). */
  public long informerEvents() {
    return watches.stream().mapToLong(Fabric8ClusterWatch::events).sum();
  }

  /** For leak checks: how many listeners are still subscribed. */
  public int listenerCount() {
    return changes.listenerCount();
  }

  /**
   * A change after a quiet spell is computed at once (a cluster's first listing shows without
   * waiting for the next period); changes that follow within the period wait for it.
   */
  private void markDirty() {
    if (!dirty.getAndSet(true)
        && System.nanoTime() - lastCompute
            >= TimeUnit.MILLISECONDS.toNanos(RECOMPUTE_PERIOD_MILLIS)) {
      try {
        io.execute(this::recomputeIfDirty);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Shutting down: nothing to show any more.
      }
    }
  }

  /**
   * A cluster finished listing a kind: shown without waiting for the period, but no more than every
   * {@value #LISTED_GAP_MILLIS} ms (ten clusters finish about fifty listings on a connect).
   */
  private void recomputeNow() {
    dirty.set(true);
    if (!listedPending.compareAndSet(false, true)) {
      return;
    }
    long since = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCompute);
    try {
      io.schedule(
          () -> {
            listedPending.set(false);
            recomputeIfDirty();
          },
          Math.max(0, LISTED_GAP_MILLIS - since),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Shutting down: nothing to show any more.
    }
  }

  private synchronized void recomputeIfDirty() {
    if (closed) {
      return;
    }
    if (dirty.getAndSet(false)) {
      lastCompute = System.nanoTime();
      Snapshot next = compute();
      latest.set(next);
      if (!settled.isDone()
          && next.overview().clusters().stream()
              .noneMatch(c -> c.status().state() == ConnectionState.CONNECTING)) {
        settled.complete(null);
      }
      changes.fire();
    }
  }

  private Snapshot compute() {
    List<ClusterState> states = new ArrayList<>();
    List<ClusterOverview> clusters = new ArrayList<>();
    for (Fabric8ClusterWatch watch : watches) {
      ClusterState state = watch.snapshot();
      states.add(state);
      clusters.add(OverviewCalculator.compute(state));
    }
    for (Broken b : broken) {
      ClusterStatus status =
          new ClusterStatus(
              b.context(), b.server(), ConnectionState.UNREACHABLE, b.cause(), -1, null, true);
      states.add(ClusterState.empty(status));
      clusters.add(ClusterOverview.empty(status));
    }
    Instant now = clock.instant();
    return new Snapshot(
        new FleetState(states, now, origin), new FleetOverview(clusters, now, origin));
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    recompute.cancel(false);
    watches.forEach(Fabric8ClusterWatch::close);
  }
}
