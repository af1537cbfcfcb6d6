package dev.fleetscope.services.cluster.adapter;

import dev.fleetscope.services.cluster.ClusterInventory;
import dev.fleetscope.services.cluster.ClusterState;
import dev.fleetscope.services.cluster.ClusterStatus;
import dev.fleetscope.services.cluster.ConnectionState;
import dev.fleetscope.services.cluster.ResourceKind;
import dev.fleetscope.services.cluster.WatchState;
import dev.fleetscope.services.cluster.WatchState.Health;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one cluster: a cheap authenticated probe ({@code list nodes, limit=1}) says whether the
 * API answers and how fast, and fabric8 informers on nodes, pods, Deployments, StatefulSets and,
 * where their CRDs are installed, Argo Rollouts and LeaderWorkerSets keep a {@link
 * ClusterInventory} current. Lists are paged ({@value #PAGE_SIZE} per request).
 *
 * <p>Each kind has its own {@link WatchState}: a kind the user may not list cluster-wide (403) is
 * watched in the context's namespace when a SelfSubjectAccessReview allows that, and otherwise
 * shown as "no access"; a dropped watch marks its kind stale, with the cause, until it recovers.
 * Informer handlers only update the inventory and signal a change; the fleet source recomputes at
 * its own pace.
 */
public final class Fabric8ClusterWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Fabric8ClusterWatch.class);
  static final long PROBE_PERIOD_MILLIS = 5_000;
  static final long RETRY_PERIOD_MILLIS = 15_000;
  static final long PAGE_SIZE = 500;
  static final long FIRST_RETRY_MILLIS = 1_000;
  static final long MAX_RETRY_MILLIS = 30_000;

  private final String context;
  private final String server;
  private final String contextNamespace;
  private final boolean tlsVerified;
  private final Config config;
  private final ScheduledExecutorService io;
  private final Runnable onChange;
  private final Runnable listed;
  private final Clock clock;
  private final ClusterInventory inventory = new ClusterInventory();
  private final Map<ResourceKind, SharedIndexInformer<?>> informers =
      new EnumMap<>(ResourceKind.class);
  private final Map<ResourceKind, WatchState> watches = new ConcurrentHashMap<>();
  private final Map<ResourceKind, String> lastWatchError = new ConcurrentHashMap<>();
  private final Map<ResourceKind, Integer> retries = new ConcurrentHashMap<>();
  private final Set<ResourceKind> listedBeforeFailure = ConcurrentHashMap.newKeySet();

  private volatile ClusterStatus status;
  private volatile KubernetesClient client;
  private volatile boolean informersStarted;
  private volatile boolean synced;
  private volatile boolean closed;
  private volatile ScheduledFuture<?> nextProbe;
  private final LongAdder events = new LongAdder();

  /**
   * @param onChange any change (the fleet source recomputes at most every period)
   * @param listed a kind finished listing: worth showing at once
   */
  public Fabric8ClusterWatch(
      String context,
      Config config,
      ScheduledExecutorService io,
      Runnable onChange,
      Runnable listed,
      Clock clock) {
    this.context = context;
    this.server = config.getMasterUrl();
    this.contextNamespace = config.getNamespace() == null ? "" : config.getNamespace();
    this.tlsVerified = !config.isTrustCerts();
    this.config = config;
    this.io = io;
    this.onChange = onChange;
    this.listed = listed;
    this.clock = clock;
    this.status = ClusterStatus.connecting(context, server, tlsVerified);
  }

  public void start() {
    nextProbe = io.schedule(this::probe, 0, TimeUnit.MILLISECONDS);
  }

  public String context() {
    return context;
  }

  public ClusterStatus status() {
    return status;
  }

  public ClusterInventory inventory() {
    return inventory;
  }

  /** The client, once the first probe created it; null before. */
  KubernetesClient client() {
    return client;
  }

  /** A consistent-enough copy of this cluster's state for one snapshot. */
  public ClusterState snapshot() {
    ClusterStatus s = status;
    if (!s.state().hasData()) {
      return ClusterState.empty(s).withWatches(Map.copyOf(watches));
    }
    return inventory.snapshot(s, Map.copyOf(watches));
  }

  private void probe() {
    if (closed) {
      return;
    }
    long delay = PROBE_PERIOD_MILLIS;
    try {
      if (client == null) {
        client = KubeClients.build(config);
      }
      long t0 = System.nanoTime();
      client.nodes().list(new ListOptionsBuilder().withLimit(1L).build());
      long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      if (!informersStarted) {
        startInformers();
      }
      checkWatches();
      ConnectionState state = synced ? ConnectionState.LIVE : ConnectionState.CONNECTING;
      setStatus(
          new ClusterStatus(context, server, state, "", latency, clock.instant(), tlsVerified));
    } catch (RuntimeException e) {
      if (ConnectionErrors.httpCode(e) == 403 && !informersStarted) {
        // May not list nodes: the cluster still answers; the kinds we may list are watched.
        setNoAccess(ResourceKind.NODES, "");
        startInformers();
        setStatus(
            new ClusterStatus(
                context,
                server,
                synced ? ConnectionState.LIVE : ConnectionState.CONNECTING,
                "",
                -1,
                clock.instant(),
                tlsVerified));
      } else {
        reportProbeFailure(e);
        delay = synced ? PROBE_PERIOD_MILLIS : RETRY_PERIOD_MILLIS;
      }
    }
    if (!closed) {
      nextProbe = io.schedule(this::probe, delay, TimeUnit.MILLISECONDS);
    }
  }

  private void reportProbeFailure(RuntimeException e) {
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
  }

  /**
   * A kind whose watch dropped goes stale (with the last error) and back to live when it resumes.
   */
  private void checkWatches() {
    List<Map.Entry<ResourceKind, SharedIndexInformer<?>>> started;
    synchronized (informers) {
      started = new ArrayList<>(informers.entrySet());
    }
    for (Map.Entry<ResourceKind, SharedIndexInformer<?>> e : started) {
      ResourceKind kind = e.getKey();
      WatchState current = watches.get(kind);
      if (current == null
          || !(current.health() == Health.LIVE || current.health() == Health.STALE)) {
        continue;
      }
      boolean watching = e.getValue().isWatching();
      if (!watching && current.health() == Health.LIVE) {
        String cause = lastWatchError.getOrDefault(kind, "the watch connection closed");
        watches.put(kind, new WatchState(kind, Health.STALE, cause, clock.instant()));
        LOG.warn("cluster {}: watch of {} dropped: {}", context, kind.plural(), cause);
        onChange.run();
      } else if (watching && current.health() == Health.STALE) {
        watches.put(kind, new WatchState(kind, Health.LIVE, current.detail(), clock.instant()));
        lastWatchError.remove(kind);
        onChange.run();
      }
    }
  }

  private void startInformers() {
    informersStarted = true;
    KubernetesClient c = client;
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    if (!watches.containsKey(ResourceKind.NODES)) {
      starts.add(
          watch(
              ResourceKind.NODES,
              ns -> c.nodes(),
              n -> inventory.putNode(KubeFacts.node(n)),
              n -> inventory.removeNode(n.getMetadata().getName())));
    }
    starts.add(
        watch(
            ResourceKind.PODS,
            ns -> ns.isEmpty() ? c.pods().inAnyNamespace() : c.pods().inNamespace(ns),
            p -> inventory.putPod(KubeFacts.pod(p)),
            p -> inventory.removePod(p.getMetadata().getNamespace(), p.getMetadata().getName())));
    starts.add(
        watch(
            ResourceKind.DEPLOYMENTS,
            ns ->
                ns.isEmpty()
                    ? c.apps().deployments().inAnyNamespace()
                    : c.apps().deployments().inNamespace(ns),
            d -> inventory.putWorkload(KubeFacts.deployment(d)),
            d -> removeWorkload(ResourceKind.DEPLOYMENTS, d)));
    starts.add(
        watch(
            ResourceKind.STATEFULSETS,
            ns ->
                ns.isEmpty()
                    ? c.apps().statefulSets().inAnyNamespace()
                    : c.apps().statefulSets().inNamespace(ns),
            s -> inventory.putWorkload(KubeFacts.statefulSet(s)),
            s -> removeWorkload(ResourceKind.STATEFULSETS, s)));
    starts.add(watchCustom(c, ResourceKind.ROLLOUTS, KubeFacts::rollout));
    starts.add(watchCustom(c, ResourceKind.LEADERWORKERSETS, KubeFacts::leaderWorkerSet));
    CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
        .whenComplete(
            (ok, error) -> {
              if (closed) {
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

  private void removeWorkload(ResourceKind kind, HasMetadata o) {
    inventory.removeWorkload(
        kind.kind(), o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  /**
   * Custom resources are watched only where API discovery lists them; otherwise the kind is marked
   * not installed, which the workloads view says in words.
   */
  private CompletableFuture<Void> watchCustom(
      KubernetesClient c,
      ResourceKind kind,
      Function<GenericKubernetesResource, dev.fleetscope.services.cluster.WorkloadFacts> facts) {
    try {
      APIResourceList resources = c.getApiResources(kind.apiVersion());
      boolean served =
          resources != null
              && resources.getResources() != null
              && resources.getResources().stream()
                  .map(APIResource::getName)
                  .anyMatch(kind.plural()::equals);
      if (!served) {
        setNotInstalled(kind);
        return CompletableFuture.completedFuture(null);
      }
    } catch (RuntimeException e) {
      // Discovery itself failed (not "absent"): try again later like a failed list.
      return CompletableFuture.completedFuture(
          failed(kind, "", e, () -> watchCustom(c, kind, facts)));
    }
    ResourceDefinitionContext rdc =
        new ResourceDefinitionContext.Builder()
            .withGroup(kind.group())
            .withVersion(kind.version())
            .withKind(kind.kind())
            .withPlural(kind.plural())
            .withNamespaced(true)
            .build();
    return watch(
        kind,
        ns ->
            ns.isEmpty()
                ? c.genericKubernetesResources(rdc).inAnyNamespace()
                : c.genericKubernetesResources(rdc).inNamespace(ns),
        r -> inventory.putWorkload(facts.apply(r)),
        r -> removeWorkload(kind, r));
  }

  /**
   * Lists and watches one kind, cluster-wide first. On 403 it asks whether the context's namespace
   * may be listed instead and watches that; the future completes when the kind has settled (live,
   * no access, or failed), never exceptionally.
   */
  private <T extends HasMetadata> CompletableFuture<Void> watch(
      ResourceKind kind,
      Function<String, Informable<T>> scope,
      Consumer<T> put,
      Consumer<T> remove) {
    Runnable again = () -> watch(kind, scope, put, remove);
    watches.putIfAbsent(kind, WatchState.syncing(kind, clock.instant()));
    return start(kind, scope.apply(""), put, remove, "")
        .handle(
            (ok, error) -> {
              if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              if (ConnectionErrors.httpCode(error) == 403
                  && kind.namespaced()
                  && !contextNamespace.isEmpty()
                  && mayList(kind, contextNamespace)) {
                return start(kind, scope.apply(contextNamespace), put, remove, contextNamespace)
                    .handle(
                        (ok2, error2) -> {
                          if (error2 != null) {
                            failed(kind, contextNamespace, error2, again);
                          }
                          return (Void) null;
                        });
              }
              failed(kind, "", error, again);
              return CompletableFuture.<Void>completedFuture(null);
            })
        .thenCompose(f -> f);
  }

  private <T extends HasMetadata> CompletableFuture<Void> start(
      ResourceKind kind,
      Informable<T> informable,
      Consumer<T> put,
      Consumer<T> remove,
      String namespace) {
    SharedIndexInformer<T> informer = informable.withLimit(PAGE_SIZE).runnableInformer(0);
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
    informer.exceptionHandler(
        (isStarted, t) -> {
          if (isStarted) {
            lastWatchError.put(
                kind, "watch failed: " + ConnectionErrors.describe(server, t) + "; retrying");
          }
          // Keep retrying a started watch (fabric8 relists after 410 Gone by itself); a first
          // list that fails ends the start, so the cause can be shown.
          return isStarted;
        });
    synchronized (informers) {
      if (closed) {
        return CompletableFuture.completedFuture(null);
      }
      SharedIndexInformer<?> previous = informers.put(kind, informer);
      if (previous != null) {
        previous.stop();
      }
    }
    return informer
        .start()
        .toCompletableFuture()
        .thenRun(
            () -> {
              // The listing is in the informer's store now; its add events reach the handler
              // one by one for a while yet (half a second for 10,000 pods on 2 cores), so the
              // inventory takes it from the store at once. After a retry, objects that went away
              // while the kind was not watched go too.
              Set<String> present = new HashSet<>();
              for (T o : informer.getStore().list()) {
                put.accept(o);
                present.add(
                    Objects.toString(o.getMetadata().getNamespace(), "")
                        + "/"
                        + o.getMetadata().getName());
              }
              inventory.retain(kind, present);
              retries.remove(kind);
              String detail = namespace.isEmpty() ? "" : namespaceOnlyDetail(kind, namespace);
              watches.put(kind, new WatchState(kind, Health.LIVE, detail, clock.instant()));
              onChange.run();
              listed.run();
            })
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                if (informer.hasSynced()) {
                  listedBeforeFailure.add(kind);
                }
                informer.stop();
              }
            });
  }

  private static String namespaceOnlyDetail(ResourceKind kind, String namespace) {
    return "namespace " + namespace + " only: no access to list " + kind.plural() + " cluster-wide";
  }

  /** Asks the API server (SelfSubjectAccessReview) whether this user may list the kind there. */
  private boolean mayList(ResourceKind kind, String namespace) {
    try {
      SelfSubjectAccessReview review =
          new SelfSubjectAccessReviewBuilder()
              .withNewSpec()
              .withNewResourceAttributes()
              .withVerb("list")
              .withGroup(kind.group())
              .withResource(kind.plural())
              .withNamespace(namespace)
              .endResourceAttributes()
              .endSpec()
              .build();
      SelfSubjectAccessReview answer =
          client.authorization().v1().selfSubjectAccessReview().create(review);
      // A server that does not fill in the status (none should) gets the benefit of the doubt:
      // the namespaced list itself will say 403 if it must.
      return answer == null
          || answer.getStatus() == null
          || Boolean.TRUE.equals(answer.getStatus().getAllowed());
    } catch (RuntimeException e) {
      LOG.debug("cluster {}: access review for {} failed", context, kind.plural(), e);
      return true;
    }
  }

  /**
   * A kind that could not be watched: no access and not installed are final; anything else (a 500,
   * a 410 on the first watch, a timeout) is retried with a growing delay, and says so. Data listed
   * before the watch failed stays, marked stale.
   */
  private Void failed(ResourceKind kind, String namespace, Throwable error, Runnable again) {
    int code = ConnectionErrors.httpCode(error);
    if (code == 403) {
      setNoAccess(kind, namespace);
      return null;
    }
    if (code == 404 && kind.custom()) {
      setNotInstalled(kind);
      return null;
    }
    int attempt = retries.merge(kind, 1, Integer::sum);
    long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(attempt - 1, 10));
    boolean listed = listedBeforeFailure.remove(kind) || hasData(kind);
    String cause =
        (listed ? "watch failed: " : "listing " + kind.plural() + " failed: ")
            + ConnectionErrors.describe(server, error)
            + "; retrying in "
            + (delay / 1000)
            + " s";
    if (attempt == 1) {
      LOG.warn("cluster {}: {}", context, cause);
    } else {
      LOG.debug("cluster {}: {} (attempt {})", context, cause, attempt);
    }
    WatchState previous = watches.get(kind);
    Instant since =
        listed && previous != null && previous.health() == Health.STALE
            ? previous.since()
            : clock.instant();
    watches.put(kind, new WatchState(kind, listed ? Health.STALE : Health.FAILED, cause, since));
    onChange.run();
    if (!closed) {
      io.schedule(
          () -> {
            if (!closed) {
              again.run();
            }
          },
          delay,
          TimeUnit.MILLISECONDS);
    }
    return null;
  }

  private boolean hasData(ResourceKind kind) {
    WatchState w = watches.get(kind);
    return w != null && (w.health() == Health.LIVE || w.health() == Health.STALE);
  }

  private void setNotInstalled(ResourceKind kind) {
    watches.put(
        kind,
        new WatchState(
            kind,
            Health.NOT_INSTALLED,
            kind.kind() + " is not installed (no " + kind.qualifiedName() + " CRD)",
            clock.instant()));
  }

  private void setNoAccess(ResourceKind kind, String namespace) {
    String where =
        !kind.namespaced()
            ? "(cluster-scoped)"
            : namespace.isEmpty()
                ? contextNamespace.isEmpty()
                    ? "in any namespace"
                    : "in any namespace, nor in namespace " + contextNamespace
                : "in namespace " + namespace;
    String detail = "no access: list " + kind.qualifiedName() + " " + where;
    LOG.info("cluster {}: {}", context, detail);
    watches.put(kind, new WatchState(kind, Health.NO_ACCESS, detail, clock.instant()));
    onChange.run();
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
      informers.values().forEach(SharedIndexInformer::stop);
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
