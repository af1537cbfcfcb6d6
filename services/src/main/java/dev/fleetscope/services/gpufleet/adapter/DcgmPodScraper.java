package dev.fleetscope.services.gpufleet.adapter;

import dev.fleetscope.services.cluster.adapter.KubeClients;
import dev.fleetscope.services.gpufleet.DcgmReadings;
import dev.fleetscope.services.gpufleet.GpuReading;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a cluster's GPUs with no Prometheus: finds the DCGM exporter pods (the GPU operator's
 * {@code app=nvidia-dcgm-exporter}, the exporter chart's {@code
 * app.kubernetes.io/name=dcgm-exporter}) and reads each one's {@code /metrics} through the API
 * server's pod proxy, with the user's own credentials, all at once. An exporter that cannot be read
 * is named in {@link Round#problems()} while the others' GPUs are still shown.
 */
public final class DcgmPodScraper implements AutoCloseable {
  static final Duration PAGE_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_PORT = 9400;

  /** The label selectors of the common exporter installs. */
  static final List<Map<String, String>> SELECTORS =
      List.of(
          Map.of("app", "nvidia-dcgm-exporter"), Map.of("app.kubernetes.io/name", "dcgm-exporter"));

  /** One read: the GPUs found, and what could not be read. */
  public record Round(List<GpuReading> gpus, List<String> problems, int exporters) {}

  private final String cluster;
  private final KubernetesClient client;

  /** The pages' own client: the user's config without the client's retry backoff. */
  private final KubernetesClient pages;

  public DcgmPodScraper(String cluster, KubernetesClient client) {
    this.cluster = cluster;
    this.client = client;
    this.pages = KubeClients.withRetries(client, 1, 100);
  }

  @Override
  public void close() {
    pages.close();
  }

  /** Lists the exporter pods and reads them all. Blocking. */
  public Round read() {
    List<String> problems = new ArrayList<>();
    Map<String, Pod> exporters = new LinkedHashMap<>();
    for (Map<String, String> selector : SELECTORS) {
      try {
        for (Pod p : client.pods().inAnyNamespace().withLabels(selector).list().getItems()) {
          exporters.putIfAbsent(
              p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), p);
        }
      } catch (KubernetesClientException e) {
        String p =
            cluster
                + ": cannot list the DCGM exporter pods"
                + (e.getCode() == 403 ? " (no access to list pods cluster-wide)" : "")
                + ": "
                + e.getMessage();
        if (!problems.contains(p)) {
          problems.add(p);
        }
      }
    }
    HttpClient http = pages.getHttpClient();
    Map<Pod, CompletableFuture<HttpResponse<InputStream>>> pending = new LinkedHashMap<>();
    for (Pod p : exporters.values()) {
      if (p.getStatus() == null || !"Running".equals(p.getStatus().getPhase())) {
        continue;
      }
      HttpRequest request =
          http.newHttpRequestBuilder()
              .uri(proxyUrl(p))
              .timeout(PAGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .build();
      pending.put(p, http.sendAsync(request, InputStream.class));
    }
    DcgmReadings readings = new DcgmReadings();
    for (Map.Entry<Pod, CompletableFuture<HttpResponse<InputStream>>> e : pending.entrySet()) {
      String name =
          e.getKey().getMetadata().getNamespace() + "/" + e.getKey().getMetadata().getName();
      try {
        HttpResponse<InputStream> response =
            e.getValue().get(PAGE_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        try (InputStream body = response.body()) {
          if (response.code() / 100 != 2) {
            problems.add(
                cluster
                    + ": exporter "
                    + name
                    + ": HTTP "
                    + response.code()
                    + " from the pod proxy"
                    + (response.code() == 403 ? " (no access to get pods/proxy)" : ""));
            continue;
          }
          DcgmFleetReader.read(
              body, cluster + " exporter " + name + " /metrics", cluster, readings);
        }
      } catch (IOException ex) {
        problems.add(cluster + ": exporter " + name + ": " + ex.getMessage());
      } catch (ExecutionException ex) {
        problems.add(cluster + ": exporter " + name + ": cannot reach it: " + root(ex));
      } catch (TimeoutException ex) {
        e.getValue().cancel(true);
        problems.add(
            cluster
                + ": exporter "
                + name
                + ": no answer within "
                + PAGE_TIMEOUT.toSeconds()
                + " s");
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new Round(readings.readings(), problems, pending.size());
  }

  private String proxyUrl(Pod p) {
    return KubeClients.podProxyUrl(
        client, p.getMetadata().getNamespace(), p.getMetadata().getName(), port(p), "metrics");
  }

  /** The exporter's metrics port: a container port named {@code metrics}, else 9400. */
  static int port(Pod p) {
    for (Container c : p.getSpec().getContainers()) {
      List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
      for (ContainerPort cp : ports) {
        if ("metrics".equals(cp.getName()) && cp.getContainerPort() != null) {
          return cp.getContainerPort();
        }
      }
    }
    return DEFAULT_PORT;
  }

  private static String root(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
