package dev.fleetscope.app;

import dev.fleetscope.services.cluster.KubeconfigException;
import dev.fleetscope.services.cluster.adapter.KubeClients;
import dev.fleetscope.services.cluster.adapter.KubeconfigCatalog;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.services.metrics.adapter.PrometheusDiscovery;
import dev.fleetscope.services.metrics.adapter.PrometheusEndpoint;
import dev.fleetscope.services.metrics.adapter.PrometheusHttpClient;
import dev.fleetscope.services.metrics.adapter.PrometheusService;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Prometheus serves which context: one given by URL serves them all; one named as a service
 * serves the first context, through its API server; with neither, each context's API server is
 * searched for the common installs ({@link PrometheusDiscovery}), all contexts at once. Holds the
 * clients it made, and closes them with itself.
 */
final class PrometheusConnections implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusConnections.class);
  static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(5);
  static final Duration QUERY_TIMEOUT = PrometheusEndpoint.DEFAULT_TIMEOUT;

  /** By URL: serves every context. */
  final Optional<PrometheusApi> global;

  /** Through each context's API server, where one was named or found. */
  final Map<String, PrometheusApi> perContext;

  /** A second client per context for the status bar's build-info checks (one attempt, 5 s). */
  final Map<String, PrometheusApi> probes;

  /** Contexts where none was found, with why. */
  final List<String> missing;

  private final List<PrometheusHttpClient> owned;

  private PrometheusConnections(
      Optional<PrometheusApi> global,
      Map<String, PrometheusApi> perContext,
      Map<String, PrometheusApi> probes,
      List<String> missing,
      List<PrometheusHttpClient> owned) {
    this.global = global;
    this.perContext = Map.copyOf(perContext);
    this.probes = Map.copyOf(probes);
    this.missing = List.copyOf(missing);
    this.owned = owned;
  }

  static PrometheusConnections none() {
    return new PrometheusConnections(
        Optional.empty(), Map.of(), Map.of(), List.of(), new ArrayList<>());
  }

  /** Resolves what the request names. Blocking (discovery makes a few API calls per context). */
  static PrometheusConnections resolve(
      KubeconfigCatalog catalog,
      List<String> contexts,
      Optional<URI> url,
      Optional<String> service,
      Executor io) {
    if (url.isPresent()) {
      return new PrometheusConnections(
          Optional.of(new PrometheusHttpClient(PrometheusEndpoint.fromUrl(url.get()))),
          Map.of(),
          Map.of(),
          List.of(),
          new ArrayList<>());
    }
    if (catalog == null || contexts.isEmpty()) {
      return none();
    }
    List<PrometheusHttpClient> owned = new ArrayList<>();
    Map<String, PrometheusApi> perContext = new LinkedHashMap<>();
    Map<String, PrometheusApi> probes = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    if (service.isPresent()) {
      String context = contexts.get(0);
      try (KubernetesClient client = client(catalog, context)) {
        PrometheusService svc = PrometheusService.parse(service.get());
        use(client, svc, context, perContext, probes, owned);
      } catch (KubeconfigException | RuntimeException e) {
        missing.add(context + ": cannot use --prometheus-service: " + e.getMessage());
      }
      return new PrometheusConnections(Optional.empty(), perContext, probes, missing, owned);
    }
    Map<String, CompletableFuture<String>> searches = new LinkedHashMap<>();
    for (String context : contexts) {
      searches.put(
          context,
          CompletableFuture.supplyAsync(
              () -> {
                try (KubernetesClient client = client(catalog, context)) {
                  PrometheusDiscovery.Found found =
                      PrometheusDiscovery.discover(client, context, DISCOVERY_TIMEOUT);
                  found.api().ifPresent(PrometheusHttpClient::close);
                  if (found.service().isPresent()) {
                    synchronized (perContext) {
                      use(client, found.service().get(), context, perContext, probes, owned);
                    }
                  }
                  return found.summary(context);
                } catch (KubeconfigException | RuntimeException e) {
                  return context + ": no Prometheus: " + e.getMessage();
                }
              },
              io));
    }
    for (Map.Entry<String, CompletableFuture<String>> s : searches.entrySet()) {
      String summary = s.getValue().join();
      LOG.info("{}", summary);
      if (!perContext.containsKey(s.getKey())) {
        missing.add(summary);
      }
    }
    return new PrometheusConnections(Optional.empty(), perContext, probes, missing, owned);
  }

  private static void use(
      KubernetesClient client,
      PrometheusService svc,
      String context,
      Map<String, PrometheusApi> perContext,
      Map<String, PrometheusApi> probes,
      List<PrometheusHttpClient> owned) {
    PrometheusHttpClient api =
        PrometheusHttpClient.throughServiceProxy(client, svc, context, QUERY_TIMEOUT, 3);
    PrometheusHttpClient probe =
        PrometheusHttpClient.throughServiceProxy(client, svc, context, Duration.ofSeconds(5), 1);
    owned.add(api);
    owned.add(probe);
    perContext.put(context, api);
    probes.put(context, probe);
  }

  /**
   * A client for the search: no retries and short timeouts, so an unreachable API server delays the
   * sections that wait for it by seconds, not minutes.
   */
  private static KubernetesClient client(KubeconfigCatalog catalog, String context)
      throws KubeconfigException {
    int millis = (int) DISCOVERY_TIMEOUT.toMillis();
    return KubeClients.build(
        new io.fabric8.kubernetes.client.ConfigBuilder(catalog.clientConfig(context))
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(millis)
            .withRequestTimeout(millis)
            .build());
  }

  /**
   * The one Prometheus for sections that read a single source (batch, rollouts, GPU fleet, the
   * status bar): the URL's, or the only context's.
   */
  Optional<PrometheusApi> single(List<String> contexts) {
    if (global.isPresent()) {
      return global;
    }
    return contexts.size() == 1
        ? Optional.ofNullable(perContext.get(contexts.get(0)))
        : Optional.empty();
  }

  @Override
  public void close() {
    owned.forEach(PrometheusHttpClient::close);
  }
}
