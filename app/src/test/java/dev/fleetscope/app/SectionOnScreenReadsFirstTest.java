package dev.fleetscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.demo.DemoQueues;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a connect the section on screen reads first (ADR 0021): with the batch section on screen its
 * Kueue listings reach the API server before the clusters' informers start, and with the overview
 * on screen the clusters have listed everything before the batch section sends anything. Against
 * fabric8's mock API server in CRUD mode holding the demo's Kueue objects; the order is read from
 * the requests the server recorded.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class SectionOnScreenReadsFirstTest {
  KubernetesMockServer server;
  KubernetesClient client;
  @TempDir Path dir;

  private static final Predicate<String> CLUSTER_PROBE = p -> p.startsWith("/api/v1/nodes");
  private static final Predicate<String> CLUSTER_PODS = p -> p.startsWith("/api/v1/pods");
  private static final Predicate<String> WORKLOADS =
      p -> p.startsWith("/apis/kueue.x-k8s.io/") && p.contains("/workloads");
  private static final Predicate<String> BATCH =
      p -> p.equals("/apis") || p.contains("kueue") || p.contains("volcano");

  @Test
  void withTheBatchSectionOnScreenItsQueuesAreListedBeforeTheClustersAreWatched() throws Exception {
    List<String> paths = connectWith("batch");
    assertThat(first(paths, WORKLOADS)).as("%s", paths).isNotNegative();
    assertThat(first(paths, CLUSTER_PROBE)).as("%s", paths).isNotNegative();
    assertThat(first(paths, WORKLOADS)).as("%s", paths).isLessThan(first(paths, CLUSTER_PROBE));
  }

  @Test
  void withTheOverviewOnScreenTheClustersListEverythingBeforeTheBatchSectionReads()
      throws Exception {
    List<String> paths = connectWith("overview");
    assertThat(first(paths, CLUSTER_PODS)).as("%s", paths).isNotNegative();
    assertThat(first(paths, BATCH)).as("%s", paths).isNotNegative();
    assertThat(first(paths, CLUSTER_PROBE)).as("%s", paths).isLessThan(first(paths, BATCH));
    assertThat(first(paths, CLUSTER_PODS)).as("%s", paths).isLessThan(first(paths, BATCH));
  }

  /** Connects with {@code section} on screen; the paths the API server saw, in order. */
  private List<String> connectWith(String section) throws Exception {
    DemoQueues.install(client, DemoQueues.of("demo-us-east", Instant.now()));
    while (server.takeRequest(100, TimeUnit.MILLISECONDS) != null) {
      // what installing the queues sent
    }
    Path kubeconfig =
        OneContextKubeconfig.write(dir.resolve("kubeconfig"), client.getMasterUrl().toString());
    AppPaths paths = new AppPaths(dir.resolve("config"), dir.resolve("state"));
    ConsoleServices services =
        new ConsoleServices(
            CommandLine.parse("--kubeconfig", kubeconfig.toString(), "--context", "c1"),
            paths,
            Clock.systemUTC());
    try {
      services.sectionOnScreen(section);
      services.connectInitial(); // returns once every section has started
      assertThat(services.awaitBatch(Duration.ofSeconds(30))).isTrue();
      List<String> seen = new ArrayList<>();
      RecordedRequest r;
      while ((r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
        seen.add(r.getPath());
      }
      return seen;
    } finally {
      services.close();
    }
  }

  private static int first(List<String> paths, Predicate<String> which) {
    for (int i = 0; i < paths.size(); i++) {
      if (which.test(paths.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
