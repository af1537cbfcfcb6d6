package dev.fleetscope.services.cluster.adapter;

import dev.fleetscope.services.cluster.ClusterInventory;
import dev.fleetscope.services.cluster.ClusterStatus;
import dev.fleetscope.services.cluster.ConnectionState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one cluster: a cheap authenticated probe ({@code list nodes, limit=1}) says whether the
 * API answers and how fast, and fabric8 informers on nodes, pods, Deployments and StatefulSets keep
 * a {@link ClusterInventory} current. Informer handlers only update the inventory and signal a
 * change; the fleet source recomputes at its own pace.
 */
public final class Fabric8ClusterWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Fabric8ClusterWatch.class);
  static final long PROBE_PERIOD_MILLIS = 5_000;
  static final long RETRY_PERIOD_MILLIS = 15_000;

  private final String context;
  private final String server;
  private final boolean tlsVerified;
  private final Config config;
  private final ScheduledExecutorService io;
  private final Runnable onChange;
  private final Clock clock;
  private final ClusterInventory inventory = new ClusterInventory();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  private volatile ClusterStatus status;
  private volatile KubernetesClient client;
  private volatile boolean informersStarted;
  private volatile boolean synced;
  private volatile boolean closed;
  private volatile ScheduledFuture<?> nextProbe;
  private final java.util.concurrent.atomic.LongAdder events =
      new java.util.concurrent.atomic.LongAdder();

  public Fabric8ClusterWatch(
      String context, Config config, ScheduledExecutorService io, Runnable onChange, Clock clock) {
    this.context = context;
    this.server = config.getMasterUrl();
    this.tlsVerified = !config.isTrustCerts();
    this.config = config;
    this.io = io;
    this.onChange = onChange;
    this.clock = clock;
    this.status = ClusterStatus.connecting(context, server, tlsVerified);
  }

  public void start() {
    nextProbe = io.schedule(this::probe, 0, TimeUnit.MILLISECONDS);
  }

  public ClusterStatus status() {
    return status;
  }

  public ClusterInventory inventory() {
    return inventory;
  }

  private void probe() {
    if (closed) {
      return;
    }
    long delay = PROBE_PERIOD_MILLIS;
    try {
      if (client == null) {
        client = new KubernetesClientBuilder().withConfig(config).build();
      }
      long t0 = System.nanoTime();
      client.nodes().list(new ListOptionsBuilder().withLimit(1L).build());
      long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      if (!informersStarted) {
        startInformers();
      }
      ConnectionState state = synced ? ConnectionState.LIVE : ConnectionState.CONNECTING;
      setStatus(
          new ClusterStatus(context, server, state, "", latency, clock.instant(), tlsVerified));
    } catch (RuntimeException e) {
      String cause = "context '" + context + "': " + ConnectionErrors.describe(server, e);
      boolean hadData = synced;
      ClusterStatus previous = status;
      if (previous.state() != ConnectionState.STALE
          && previous.state() != ConnectionState.UNREACHABLE) {
        LOG.warn("cluster {} not answering: {}", context, cause);
        LOG.debug("probe failure for context {}", context, e);
      }
      setStatus(
          new ClusterStatus(
              context,
              server,
              hadData ? ConnectionState.STALE : ConnectionState.UNREACHABLE,
              cause,
              previous.apiLatencyMillis(),
              previous.lastContact(),
              tlsVerified));
      delay = hadData ? PROBE_PERIOD_MILLIS : RETRY_PERIOD_MILLIS;
    }
    if (!closed) {
      nextProbe = io.schedule(this::probe, delay, TimeUnit.MILLISECONDS);
    }
  }

  private void startInformers() {
    informersStarted = true;
    KubernetesClient c = client;
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    starts.add(
        start(
            c.nodes().runnableInformer(0),
            n -> inventory.putNode(KubeFacts.node(n)),
            n -> inventory.removeNode(n.getMetadata().getName())));
    starts.add(
        start(
            c.pods().inAnyNamespace().runnableInformer(0),
            p -> inventory.putPod(KubeFacts.pod(p)),
            p -> inventory.removePod(p.getMetadata().getNamespace(), p.getMetadata().getName())));
    starts.add(
        start(
            c.apps().deployments().inAnyNamespace().runnableInformer(0),
            d -> inventory.putWorkload(KubeFacts.deployment(d)),
            d ->
                inventory.removeWorkload(
                    "Deployment", d.getMetadata().getNamespace(), d.getMetadata().getName())));
    starts.add(
        start(
            c.apps().statefulSets().inAnyNamespace().runnableInformer(0),
            s -> inventory.putWorkload(KubeFacts.statefulSet(s)),
            s ->
                inventory.removeWorkload(
                    "StatefulSet", s.getMetadata().getNamespace(), s.getMetadata().getName())));
    CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
        .whenComplete(
            (ok, error) -> {
              if (closed) {
                return;
              }
              if (error != null) {
                String cause =
                    "context '" + context + "': " + ConnectionErrors.describe(server, error);
                LOG.warn("cluster {}: watches did not start: {}", context, cause);
                ClusterStatus s = status;
                setStatus(
                    new ClusterStatus(
                        context,
                        server,
                        ConnectionState.UNREACHABLE,
                        cause,
                        s.apiLatencyMillis(),
                        s.lastContact(),
                        tlsVerified));
                return;
              }
              synced = true;
              ClusterStatus s = status;
              setStatus(
                  new ClusterStatus(
                      context,
                      server,
                      ConnectionState.LIVE,
                      "",
                      s.apiLatencyMillis(),
                      clock.instant(),
                      tlsVerified));
            });
  }

  private <T extends HasMetadata> CompletableFuture<Void> start(
      SharedIndexInformer<T> informer, Consumer<T> put, Consumer<T> remove) {
    informer.addEventHandler(
        new ResourceEventHandler<T>() {
          @Override
          public void onAdd(T obj) {
            put.accept(obj);
            touched();
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            put.accept(newObj);
            touched();
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            remove.accept(obj);
            touched();
          }
        });
    synchronized (informers) {
      informers.add(informer);
    }
    return informer.start().toCompletableFuture();
  }

  /** An informer event proves the API is talking to us: the data is fresh as of now. */
  private void touched() {
    events.increment();
    ClusterStatus s = status;
    if (s.state() == ConnectionState.LIVE) {
      status =
          new ClusterStatus(
              context, server, s.state(), "", s.apiLatencyMillis(), clock.instant(), tlsVerified);
    }
    onChange.run();
  }

  private void setStatus(ClusterStatus next) {
    status = next;
    onChange.run();
  }

  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> probe = nextProbe;
    if (probe != null) {
      probe.cancel(false);
    }
    synchronized (informers) {
      informers.forEach(SharedIndexInformer::stop);
      informers.clear();
    }
    KubernetesClient c = client;
    if (c != null) {
      c.close();
    }
  }

  /** Informer events received so far (adds, updates, deletes). */
  long events() {
    return events.sum();
  }
}
