package dev.fleetscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.batch.BatchBoard;
import dev.fleetscope.services.cluster.adapter.KubeconfigCatalog;
import dev.fleetscope.services.demo.DemoQueues;
import dev.fleetscope.services.metrics.PrometheusApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
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
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c1
          cluster: {server: "%s"}
        users:
        - name: u
          user: {token: t}
        contexts:
        - name: c1
          context: {cluster: c1, user: u}
        current-context: c1
        """
            .formatted(client.getMasterUrl()));
    KubeconfigCatalog catalog = KubeconfigCatalog.load(List.of(kubeconfig));
    ScheduledExecutorService io = Executors.newScheduledThreadPool(4);
    BatchService batch = new BatchService(io, Clock.systemUTC());
    try {
      CompletableFuture<Optional<PrometheusApi>> prometheus = new CompletableFuture<>();
      batch.useClusters(catalog, List.of("c1"), prometheus);

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (batch.board().queues().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
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
}
