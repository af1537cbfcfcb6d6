package dev.fleetscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.batch.BatchBoard;
import dev.fleetscope.services.cluster.adapter.KubeconfigCatalog;
import dev.fleetscope.services.demo.DemoQueues;
import dev.fleetscope.services.metrics.PrometheusApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a connect the batch section lists the queues at once, while the console is still looking for
 * Prometheus; the replicas are read once that is settled. Against the fabric8 mock server in CRUD
 * mode holding the demo's Kueue objects.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class BatchServiceTest {
  KubernetesClient client;
  @TempDir Path dir;

  @Test
  void theQueuesShowWhilePrometheusIsStillBeingLookedFor() throws Exception {
    DemoQueues.install(client, DemoQueues.of("demo-us-east", Instant.now()));
    KubeconfigCatalog catalog = catalog();
    ScheduledExecutorService io = Executors.newScheduledThreadPool(4);
    BatchService batch = new BatchService(io, Clock.systemUTC());
    try {
      CompletableFuture<Optional<PrometheusApi>> prometheus = new CompletableFuture<>();
      batch.useClusters(catalog, List.of("c1"), prometheus);
      awaitQueues(batch);
      BatchBoard early = batch.board();
      assertThat(early.queues()).hasSize(1);
      assertThat(early.queues().get(0).queues()).as("%s", early.problems()).isNotEmpty();
      assertThat(early.queues().get(0).jobs()).isNotEmpty();
      assertThat(early.read()).as("no replica read yet").isFalse();
      assertThat(early.replicaSource()).isEqualTo("looking for Prometheus in c1");

      // None found: the replicas are read through the pod proxy, and the queues stay.
      prometheus.complete(Optional.empty());
      assertThat(batch.awaitFirst(Duration.ofSeconds(20))).isTrue();
      BatchBoard first = batch.board();
      assertThat(first.read()).isTrue();
      assertThat(first.replicaSource()).isEqualTo("the pod proxy of c1");
      assertThat(first.queues().get(0).jobs()).isEqualTo(early.queues().get(0).jobs());
    } finally {
      batch.close();
      io.shutdownNow();
    }
  }

  /**
   * A round of a connection that has since been replaced fails (its clients close, its Prometheus
   * lookup ends): that must not show on the new connection, nor count as its first read.
   */
  @Test
  void aReplacedConnectionsFailingRoundDoesNotShowOnTheNewOne() throws Exception {
    DemoQueues.install(client, DemoQueues.of("demo-us-east", Instant.now()));
    KubeconfigCatalog catalog = catalog();
    ScheduledExecutorService io = Executors.newScheduledThreadPool(4);
    BatchService batch = new BatchService(io, Clock.systemUTC());
    try {
      CompletableFuture<Optional<PrometheusApi>> first = new CompletableFuture<>();
      batch.useClusters(catalog, List.of("c1"), first);
      awaitQueues(batch);
      // Past the second round's start: it waits on the lookup too.
      Thread.sleep(BatchService.FIRST_GAP.toMillis() + 500);
      CompletableFuture<Optional<PrometheusApi>> second = new CompletableFuture<>();
      batch.useClusters(catalog, List.of("c1"), second);
      first.completeExceptionally(new IllegalStateException("the old connection closed"));
      Thread.sleep(500);
      BatchBoard during = batch.board();
      assertThat(during.problems()).noneMatch(p -> p.contains("the old connection closed"));
      assertThat(during.read()).as("no round of the new connection has read yet").isFalse();
      assertThat(batch.awaitFirst(Duration.ofMillis(1))).isFalse();

      second.complete(Optional.empty());
      assertThat(batch.awaitFirst(Duration.ofSeconds(20))).isTrue();
      assertThat(batch.board().problems()).noneMatch(p -> p.contains("the old connection closed"));
      assertThat(batch.board().queues().get(0).jobs()).isNotEmpty();
    } finally {
      batch.close();
      io.shutdownNow();
    }
  }

  private static void awaitQueues(BatchService batch) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (batch.board().queues().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private KubeconfigCatalog catalog() throws Exception {
    Path kubeconfig =
        OneContextKubeconfig.write(dir.resolve("kubeconfig"), client.getMasterUrl().toString());
    return KubeconfigCatalog.load(List.of(kubeconfig));
  }
}
