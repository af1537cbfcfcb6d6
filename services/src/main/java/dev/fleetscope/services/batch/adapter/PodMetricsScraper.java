package dev.fleetscope.services.batch.adapter;

import dev.fleetscope.services.batch.EngineMetrics;
import dev.fleetscope.services.batch.ReplicaKey;
import dev.fleetscope.services.batch.ReplicaScrape;
import dev.fleetscope.services.batch.ScrapeRound;
import dev.fleetscope.services.cluster.InferenceEngine;
import dev.fleetscope.services.metrics.exposition.ExpositionParser;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads serving pods' {@code /metrics} with no Prometheus: through the API server's pod proxy
 * ({@code GET /api/v1/namespaces/NS/pods/POD:PORT/proxy/metrics}), with the user's own credentials
 * and TLS settings. Which pods serve, and on which port, comes from their containers (engine from
 * image and arguments; port named {@code metrics} or {@code http}, else the first, else the
 * engine's default). Before scraping a namespace it asks the API server whether the user may {@code
 * get pods/proxy} there; where not, the section says so and those pods are skipped. Pages are read
 * concurrently; a page that fails or does not parse marks that replica only.
 */
public final class PodMetricsScraper implements AutoCloseable {
  /** Targets are listed again after this long (pods come and go more slowly than scrapes). */
  static final Duration RELIST = Duration.ofSeconds(60);

  static final Duration PAGE_TIMEOUT = Duration.ofSeconds(10);

  /** A serving pod to scrape. */
  public record Target(ReplicaKey key, InferenceEngine engine, String model, int port) {}

  private final String cluster;
  private final KubernetesClient client;

  /**
   * The pages' own client: the user's config without the client's retries, which would hold a round
   * for seconds on every pod whose proxy answers 503.
   */
  private final KubernetesClient pages;

  private final Clock clock;
  private final Map<String, Boolean> mayProxy = new HashMap<>();
  private List<Target> targets = List.of();
  private Instant listedAt = Instant.MIN;
  private final List<String> listProblems = new ArrayList<>();

  public PodMetricsScraper(String cluster, KubernetesClient client, Clock clock) {
    this.cluster = cluster;
    this.client = client;
    this.clock = clock;
    this.pages = dev.fleetscope.services.cluster.adapter.KubeClients.withRetries(client, 1, 100);
  }

  @Override
  public void close() {
    pages.close();
  }

  /** Scrapes every serving pod once. */
  public synchronized ScrapeRound scrape() {
    Instant now = clock.instant();
    if (Duration.between(listedAt, now).compareTo(RELIST) >= 0 || listedAt == Instant.MIN) {
      relist();
      listedAt = now;
    }
    List<String> problems = new ArrayList<>(listProblems);
    Map<ReplicaKey, String> failures = new LinkedHashMap<>();
    List<ReplicaScrape> scrapes = new ArrayList<>();
    HttpClient http = pages.getHttpClient();
    Map<Target, CompletableFuture<HttpResponse<InputStream>>> pending = new LinkedHashMap<>();
    for (Target t : targets) {
      if (!mayProxy(t.key().namespace(), problems)) {
        continue;
      }
      HttpRequest request =
          http.newHttpRequestBuilder()
              .uri(proxyUrl(t))
              .timeout(PAGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .build();
      pending.put(t, http.sendAsync(request, InputStream.class));
    }
    for (Map.Entry<Target, CompletableFuture<HttpResponse<InputStream>>> e : pending.entrySet()) {
      Target t = e.getKey();
      try {
        HttpResponse<InputStream> response =
            e.getValue().get(PAGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try (InputStream body = response.body()) {
          if (response.code() / 100 != 2) {
            failures.put(t.key(), "HTTP " + response.code() + " from the pod proxy");
            continue;
          }
          EngineMetrics.Readings readings = new EngineMetrics.Readings(t.key(), t.model(), now);
          ExpositionParser.parse(
              new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)),
              "pod " + t.key().namespace() + "/" + t.key().pod() + " /metrics",
              s -> {
                if (EngineMetrics.known(s.name())) {
                  readings.add(s.name(), s::label, s.value());
                }
              });
          List<ReplicaScrape> read = readings.scrapes();
          if (read.isEmpty()) {
            failures.put(
                t.key(), "its /metrics has none of the " + t.engine().label() + " batch metrics");
          }
          scrapes.addAll(read);
        }
      } catch (IOException ex) {
        failures.put(t.key(), ex.getMessage());
      } catch (ExecutionException ex) {
        failures.put(t.key(), "cannot reach the pod: " + rootMessage(ex));
      } catch (TimeoutException ex) {
        e.getValue().cancel(true);
        failures.put(t.key(), "no answer within " + PAGE_TIMEOUT.toSeconds() + " s");
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new ScrapeRound(now, scrapes, failures, problems);
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  private URI proxyUrl(Target t) {
    return URI.create(
        dev.fleetscope.services.cluster.adapter.KubeClients.podProxyUrl(
            client, t.key().namespace(), t.key().pod(), t.port(), "metrics"));
  }

  /** The serving pods now: running, with an inference engine's container. */
  private void relist() {
    listProblems.clear();
    List<Pod> pods;
    try {
      pods = client.pods().inAnyNamespace().list().getItems();
    } catch (KubernetesClientException e) {
      String ns = client.getNamespace();
      if (e.getCode() == 403 && ns != null) {
        try {
          pods = client.pods().inNamespace(ns).list().getItems();
          listProblems.add(
              cluster + ": namespace " + ns + " only: no access to list pods cluster-wide");
        } catch (KubernetesClientException e2) {
          listProblems.add(cluster + ": cannot list pods: " + e2.getMessage());
          return;
        }
      } else {
        listProblems.add(cluster + ": cannot list pods: " + e.getMessage());
        return;
      }
    }
    List<Target> next = new ArrayList<>();
    for (Pod p : pods) {
      target(p).ifPresent(next::add);
    }
    targets = List.copyOf(next);
  }

  java.util.Optional<Target> target(Pod p) {
    if (p.getStatus() == null || !"Running".equals(p.getStatus().getPhase())) {
      return java.util.Optional.empty();
    }
    for (Container c : p.getSpec().getContainers()) {
      List<String> words = new ArrayList<>();
      words.add(c.getImage() == null ? "" : c.getImage());
      if (c.getCommand() != null) {
        words.addAll(c.getCommand());
      }
      if (c.getArgs() != null) {
        words.addAll(c.getArgs());
      }
      InferenceEngine engine = InferenceEngine.detect(String.join(" ", words));
      if (engine == InferenceEngine.OTHER) {
        continue;
      }
      String model = InferenceEngine.servedModel(words);
      if (model.isEmpty()) {
        Map<String, String> labels = p.getMetadata().getLabels();
        model = labels == null ? "" : labels.getOrDefault("app", "");
      }
      ReplicaKey key =
          new ReplicaKey(cluster, p.getMetadata().getNamespace(), p.getMetadata().getName());
      return java.util.Optional.of(new Target(key, engine, model, port(c, engine)));
    }
    return java.util.Optional.empty();
  }

  static int port(Container c, InferenceEngine engine) {
    List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
    for (String name : List.of("metrics", "http-metrics", "http")) {
      for (ContainerPort p : ports) {
        if (name.equals(p.getName()) && p.getContainerPort() != null) {
          return p.getContainerPort();
        }
      }
    }
    if (!ports.isEmpty() && ports.get(0).getContainerPort() != null) {
      return ports.get(0).getContainerPort();
    }
    return switch (engine) {
      case SGLANG -> 30000;
      case TGI -> 80;
      case TRITON -> 8002;
      default -> 8000;
    };
  }

  /** Asks once per namespace whether the user may {@code get pods/proxy} there. */
  private boolean mayProxy(String namespace, List<String> problems) {
    Boolean known = mayProxy.get(namespace);
    if (known == null) {
      known = review(namespace);
      mayProxy.put(namespace, known);
    }
    if (!known) {
      String p =
          cluster
              + ": not allowed to get pods/proxy in namespace "
              + namespace
              + ": its replicas cannot be scraped directly";
      if (!problems.contains(p)) {
        problems.add(p);
      }
    }
    return known;
  }

  private boolean review(String namespace) {
    try {
      SelfSubjectAccessReview review =
          new SelfSubjectAccessReviewBuilder()
              .withNewSpec()
              .withNewResourceAttributes()
              .withVerb("get")
              .withResource("pods")
              .withSubresource("proxy")
              .withNamespace(namespace)
              .endResourceAttributes()
              .endSpec()
              .build();
      SelfSubjectAccessReview answer =
          client.authorization().v1().selfSubjectAccessReview().create(review);
      // A server that leaves the status empty gets the benefit of the doubt: the proxy itself
      // answers 403 if it must.
      return answer == null
          || answer.getStatus() == null
          || answer.getStatus().getAllowed() == null
          || answer.getStatus().getAllowed();
    } catch (KubernetesClientException e) {
      return true;
    }
  }

  /** Forgets access answers and targets (after the user's rights may have changed). */
  public synchronized void reset() {
    mayProxy.clear();
    listedAt = Instant.MIN;
  }
}
