package dev.fleetscope.services.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoFleetTest {
  @TempDir Path dir;

  @Test
  void servesEachClusterThroughAKubeconfigAndMetricsOverHttp() throws Exception {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try (DemoFleet fleet =
        DemoFleet.start(
            DemoFleetSpec.standard(3),
            Instant.parse("2026-11-23T12:00:00Z"),
            dir,
            ticker,
            Executors.newFixedThreadPool(1))) {
      assertThat(fleet.contexts()).hasSize(2);
      String kubeconfig = Files.readString(fleet.kubeconfig());
      for (ClusterCensus census : fleet.simulator().census()) {
        Config config =
            Config.fromKubeconfig(census.cluster(), kubeconfig, fleet.kubeconfig().toString());
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
          assertThat(client.nodes().list().getItems()).hasSize(census.nodes());
          assertThat(client.pods().inAnyNamespace().list().getItems()).hasSize(census.pods());
          Pod any = client.pods().inAnyNamespace().list().getItems().get(0);
          assertThat(any.getSpec().getContainers().get(0).getImage()).contains("vllm");
        }
      }
      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(fleet.metricsUrl()).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("vllm:kv_cache_usage_perc{")
          .contains("DCGM_FI_DEV_FB_USED{");
      assertThat(fleet.metricsUrl().getHost()).isEqualTo("127.0.0.1");
      assertThat(
              URI.create(
                      Files.readString(fleet.kubeconfig())
                          .lines()
                          .filter(l -> l.contains("server:"))
                          .findFirst()
                          .orElseThrow()
                          .replaceAll(".*server: *\"?([^\"]+)\"?.*", "$1"))
                  .getHost())
          .isEqualTo("127.0.0.1");
    } finally {
      ticker.shutdownNow();
    }
  }

  @Test
  void stepChangesArePatchedIntoTheApiServer() throws Exception {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    DemoFleetSpec spec = DemoFleetSpec.standard(9).withPodEventsPerSecond(20);
    try (DemoFleet fleet =
        DemoFleet.start(
            spec,
            Instant.parse("2026-11-23T12:00:00Z"),
            dir,
            ticker,
            Executors.newFixedThreadPool(1))) {
      String cluster = fleet.contexts().get(0);
      Config config =
          Config.fromKubeconfig(
              cluster, Files.readString(fleet.kubeconfig()), fleet.kubeconfig().toString());
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        long deadline = System.currentTimeMillis() + 15_000;
        boolean sawNotReady = false;
        while (!sawNotReady && System.currentTimeMillis() < deadline) {
          sawNotReady =
              client.pods().inAnyNamespace().list().getItems().stream()
                  .anyMatch(
                      p ->
                          p.getStatus().getConditions().stream()
                              .anyMatch(
                                  c ->
                                      c.getType().equals("Ready")
                                          && c.getStatus().equals("False")));
          Thread.sleep(200);
        }
        assertThat(sawNotReady).as("a readiness flap reached the API server").isTrue();
        // Each change replaces the status: one Ready condition, one status per container.
        assertThat(client.pods().inAnyNamespace().list().getItems())
            .allSatisfy(
                p -> {
                  assertThat(p.getStatus().getConditions())
                      .filteredOn(c -> c.getType().equals("Ready"))
                      .hasSize(1);
                  assertThat(p.getStatus().getContainerStatuses())
                      .hasSize(p.getSpec().getContainers().size());
                });
        // API discovery, which kubectl and k9s read first, lists the built-in and custom kinds.
        assertThat(client.getApiResources("v1").getResources())
            .extracting(r -> r.getName())
            .contains("pods", "nodes", "events", "pods/log");
        assertThat(client.getApiGroups().getGroups())
            .extracting(g -> g.getName())
            .contains("apps", "argoproj.io");
        assertThat(client.getApiResources("argoproj.io/v1alpha1").getResources())
            .anySatisfy(
                r -> {
                  assertThat(r.getName()).isEqualTo("rollouts");
                  assertThat(r.getVerbs()).contains("list", "watch");
                });
      }
    } finally {
      ticker.shutdownNow();
    }
  }
}
