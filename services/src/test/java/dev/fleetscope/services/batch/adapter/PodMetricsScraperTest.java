package dev.fleetscope.services.batch.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.batch.Figure;
import dev.fleetscope.services.batch.ReplicaBoard;
import dev.fleetscope.services.batch.ReplicaState;
import dev.fleetscope.services.batch.Saturation;
import dev.fleetscope.services.batch.ScrapeRound;
import dev.fleetscope.services.cluster.InferenceEngine;
import dev.fleetscope.services.common.SuppliedClock;
import dev.fleetscope.services.demo.DemoFleet;
import dev.fleetscope.services.demo.DemoFleetSpec;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodMetricsScraperTest {
  @TempDir Path dir;

  @Test
  void scrapesEveryServingPodThroughThePodProxyAndExplainsTheSaturatedOnes() throws Exception {
    try (DemoFleet fleet =
        DemoFleet.start(
            DemoFleetSpec.standard(5),
            Instant.parse("2026-11-23T12:00:00Z"),
            dir,
            Executors.newSingleThreadScheduledExecutor(),
            Executors.newFixedThreadPool(1))) {
      String kubeconfig = Files.readString(fleet.kubeconfig());
      Config config =
          Config.fromKubeconfig("demo-us-east", kubeconfig, fleet.kubeconfig().toString());
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        PodMetricsScraper scraper =
            new PodMetricsScraper(
                "demo-us-east", client, new SuppliedClock(fleet.simulator()::now));
        ReplicaBoard board = new ReplicaBoard();
        for (int round = 0; round < 4; round++) {
          ScrapeRound r = scraper.scrape();
          // The demo's gray release replaces pods of its Rollout as the canary grows: a pod listed
          // and then replaced before its page was read is the only failure allowed.
          String rolling = fleet.grayRelease().orElseThrow()[2];
          assertThat(r.failures().keySet()).allMatch(k -> k.pod().startsWith(rolling + "-"));
          assertThat(r.problems()).isEmpty();
          board.accept(r.scrapes(), r.at());
          fleet.simulator().advance(4);
        }
        List<ReplicaState> states = board.states();
        long serving =
            client.pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .filter(p -> p.getSpec().getContainers().get(0).getImage().contains("vllm"))
                .count();
        assertThat(states).hasSize((int) serving);
        assertThat(states).allMatch(s -> s.engine() == InferenceEngine.VLLM);
        assertThat(states).allMatch(s -> s.key().cluster().equals("demo-us-east"));
        ReplicaState chat =
            states.stream()
                .filter(s -> s.key().pod().startsWith("llama-3-1-70b-chat"))
                .findFirst()
                .orElseThrow();
        // The incident: the 70B chat model's replicas queue with a full KV cache.
        assertThat(chat.verdict().level()).isEqualTo(Saturation.Level.SATURATED);
        assertThat(chat.verdict().bound()).isEqualTo("memory");
        assertThat(chat.verdict().reason())
            .contains("waiting while KV cache at")
            .contains("memory-bound");
        assertThat(chat.figure(Figure.WAITING)).isPositive();
        assertThat(chat.figure(Figure.KV_CACHE)).isGreaterThanOrEqualTo(90);
        assertThat(chat.figure(Figure.GENERATION_RATE)).isPositive();
        assertThat(chat.figure(Figure.BATCH_TOKENS)).isPositive();
        assertThat(chat.figure(Figure.QUEUE_TIME)).isPositive();
        assertThat(chat.figure(Figure.PREFILL_TIME)).isPositive();
        assertThat(chat.recentWaiting()).hasSize(4);
        assertThat(chat.model()).isNotEmpty();
        // Models outside the incident have room.
        assertThat(states)
            .filteredOn(s -> !s.key().pod().startsWith("llama-3-1-70b-chat"))
            .anyMatch(s -> s.verdict().level() == Saturation.Level.OK);
      }
    }
  }
}
