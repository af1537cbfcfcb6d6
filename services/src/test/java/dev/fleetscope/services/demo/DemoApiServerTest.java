package dev.fleetscope.services.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.batch.QueueScan;
import dev.fleetscope.services.batch.adapter.BatchQueueReader;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DemoApiServerTest {
  /**
   * Closing a watch while the server is sending it events must not stall the server. fabric8's mock
   * server closes a watch on its event loop and there waits for the watch's sender thread, which
   * itself waits up to 30 s for that event loop to write the event: every request to the server
   * then hung for about 30 s (seen as a 31 s reconnect on the demo fleet).
   */
  @Test
  void closingWatchesWhileEventsFlowDoesNotStallTheServer() throws Exception {
    try (DemoApiServer server =
        new DemoApiServer((pod, lines) -> List.of(), pod -> Optional.empty())) {
      KubernetesClient writer = server.client();
      for (int i = 0; i < 20; i++) {
        writer.configMaps().inNamespace("demo").resource(configMap(i, 0)).create();
      }
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger generation = new AtomicInteger();
      List<String> failedWrites = new java.util.concurrent.CopyOnWriteArrayList<>();
      CompletableFuture<Void> patches =
          CompletableFuture.runAsync(
              () -> {
                while (writing.get()) {
                  int g = generation.incrementAndGet();
                  try {
                    writer.configMaps().inNamespace("demo").resource(configMap(g % 20, g)).update();
                  } catch (RuntimeException e) {
                    failedWrites.add(e.toString());
                  }
                }
              });
      long slowest = 0;
      for (int round = 0; round < 5; round++) {
        AtomicInteger events = new AtomicInteger();
        List<Watch> watches = new ArrayList<>();
        KubernetesClient reader =
            new KubernetesClientBuilder().withConfig(writer.getConfiguration()).build();
        for (int w = 0; w < 8; w++) {
          watches.add(reader.configMaps().inNamespace("demo").watch(counting(events)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.get() < 200 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(events.get()).as("events reached the watches").isGreaterThanOrEqualTo(200);
        watches.forEach(Watch::close);
        reader.close();
        // The next request after the close: it waited ~30 s for the stalled event loop.
        long t0 = System.nanoTime();
        assertThat(writer.configMaps().inNamespace("demo").list().getItems()).hasSize(20);
        slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }
      writing.set(false);
      patches.get(30, TimeUnit.SECONDS);
      assertThat(failedWrites).as("writes that failed while watches closed").isEmpty();
      assertThat(slowest).as("slowest list after closing watches, ms").isLessThan(10_000);
    }
  }

  private static ConfigMap configMap(int i, int generation) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("cm-" + i)
        .withNamespace("demo")
        .endMetadata()
        .addToData("generation", Integer.toString(generation))
        .build();
  }

  private static Watcher<ConfigMap> counting(AtomicInteger events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        events.incrementAndGet();
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  /**
   * Kueue's and Volcano's versions come from API discovery, as kubectl reads them, not from their
   * CRDs (a CRD's schema is the slowest object to decode); the scan is the same as through the
   * CRDs.
   */
  @Test
  void batchQueuesAreFoundThroughDiscovery() {
    Instant now = Instant.parse("2026-11-23T12:00:00Z");
    try (DemoApiServer server =
        new DemoApiServer((pod, lines) -> List.of(), pod -> Optional.empty())) {
      DemoQueues.install(server.client(), DemoQueues.of("demo-eu-west", now));
      QueueScan scan = BatchQueueReader.read("c2", server.client());
      assertThat(scan.kueueVersion()).isEqualTo("v1beta1");
      assertThat(scan.volcano()).isTrue();
      assertThat(scan.queues()).isNotEmpty();
      assertThat(scan.jobs()).isNotEmpty();
      assertThat(scan.problems()).isEmpty();
      assertThat(server.recentRequests())
          .contains("GET /apis")
          .noneMatch(
              r -> r.startsWith("GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions"));
    }
  }

  /** The mock server records every request for its tests; the demo drops those records. */
  @Test
  void servedRequestsAreNotKept() throws Exception {
    try (DemoApiServer server =
        new DemoApiServer((pod, lines) -> List.of(), pod -> Optional.empty())) {
      for (int i = 0; i < 1_500; i++) {
        server.client().configMaps().inNamespace("demo").list();
      }
      assertThat(server.mock().getRequestCount()).isGreaterThanOrEqualTo(1_500);
      int kept = 0;
      while (server.mock().takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        kept++;
      }
      assertThat(kept).as("requests the mock server still holds").isLessThanOrEqualTo(1);
      assertThat(server.recentRequests())
          .hasSize(1_000)
          .last()
          .isEqualTo("GET /api/v1/namespaces/demo/configmaps");
    }
  }
}
