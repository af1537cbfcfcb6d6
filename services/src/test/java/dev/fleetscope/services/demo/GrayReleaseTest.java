package dev.fleetscope.services.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.cluster.adapter.KubeconfigCatalog;
import dev.fleetscope.services.rollout.AnalysisRun;
import dev.fleetscope.services.rollout.Rollout;
import dev.fleetscope.services.rollout.RolloutAction;
import dev.fleetscope.services.rollout.RolloutActions;
import dev.fleetscope.services.rollout.RolloutScan;
import dev.fleetscope.services.rollout.adapter.Fabric8Rollouts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's gray release, driven only through the Kubernetes API as the console drives it: the
 * simulated controller steps the Rollout, answers promote, and aborts on a failed analysis when the
 * canary regression is on.
 */
class GrayReleaseTest {
  static final double SPEED = 25;

  private Rollout await(Fabric8Rollouts rollouts, String name, Predicate<Rollout> done, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Rollout last = null;
    while (System.nanoTime() < deadline) {
      RolloutScan scan = rollouts.scan();
      for (Rollout r : scan.rollouts()) {
        if (r.name().equals(name)) {
          last = r;
          if (done.test(r)) {
            return r;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
  }

  @Test
  void withoutRegressionTheReleaseStepsPausesForPromotionAndCompletes(@TempDir Path dir)
      throws Exception {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try (DemoFleet fleet =
            DemoFleet.start(
                DemoFleetSpec.standard(7),
                Instant.parse("2026-11-24T09:00:00Z"),
                dir,
                ticker,
                Executors.newFixedThreadPool(2),
                SPEED);
        KubernetesClient client = client(fleet)) {
      String[] where = fleet.grayRelease().orElseThrow();
      Fabric8Rollouts rollouts = new Fabric8Rollouts(where[0], client, Clock.systemUTC());
      Rollout first = await(rollouts, where[2], Rollout::updating, "the canary to start");
      assertThat(first.generation()).isEqualTo(2);
      assertThat(first.steps()).hasSize(9);

      Rollout atTen =
          await(rollouts, where[2], r -> r.weights().canary() == 10 && r.paused(), "10% pause");
      assertThat(atTen.weights()).isEqualTo(new Rollout.Weights(10, 90, true));
      assertThat(atTen.pauseRemaining(fleet.simulator().now())).isPresent();
      // The controller keeps one ReplicaSet per version, owned by the Rollout.
      Map<String, Integer> atTenSets = replicaSets(client, where[1], where[2]);
      assertThat(atTenSets).containsKeys(first.stableHash(), first.canaryHash());
      assertThat(atTenSets.get(first.canaryHash())).isPositive();
      assertThat(atTenSets.values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(atTen.desiredReplicas());

      Rollout waiting =
          await(
              rollouts,
              where[2],
              r -> r.currentStepIndex() == 7 && r.paused(),
              "the indefinite pause at 50%");
      assertThat(waiting.weights().canary()).isEqualTo(50);
      assertThat(waiting.currentStep().orElseThrow().pause()).isNull();
      List<AnalysisRun> runs = rollouts.scan().runsOf(waiting);
      assertThat(runs).hasSize(2);
      assertThat(runs).allMatch(a -> a.phase().equals("Successful"));
      assertThat(runs.get(0).metrics())
          .extracting(AnalysisRun.MetricResult::name)
          .containsExactly("error-rate", "ttft-p95");

      rollouts.apply(waiting, RolloutActions.plan(RolloutAction.PROMOTE, waiting, Instant.now()));
      Rollout done = await(rollouts, where[2], r -> !r.updating(), "completion");
      assertThat(done.stableHash()).isEqualTo(first.canaryHash());
      await(rollouts, where[2], r -> r.shownPhase().equals("Healthy"), "Healthy");
      long canaryPods =
          client.pods().inNamespace(where[1]).list().getItems().stream()
              .filter(
                  p ->
                      first
                          .canaryHash()
                          .equals(p.getMetadata().getLabels().get("rollouts-pod-template-hash")))
              .count();
      assertThat(canaryPods).isEqualTo(done.desiredReplicas());
      // The old revision's ReplicaSet stays, scaled to zero.
      Map<String, Integer> doneSets = replicaSets(client, where[1], where[2]);
      assertThat(doneSets)
          .containsEntry(first.canaryHash(), done.desiredReplicas())
          .containsEntry(first.stableHash(), 0);
    } finally {
      ticker.shutdownNow();
    }
  }

  @Test
  void aCanaryRegressionFailsTheAnalysisAndAbortsBackToStable(@TempDir Path dir) throws Exception {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try (DemoFleet fleet =
            DemoFleet.start(
                DemoFleetSpec.standard(7),
                Instant.parse("2026-11-24T09:00:00Z"),
                dir,
                ticker,
                Executors.newFixedThreadPool(2),
                SPEED);
        KubernetesClient client = client(fleet)) {
      fleet.setCanaryRegression(true);
      String[] where = fleet.grayRelease().orElseThrow();
      Fabric8Rollouts rollouts = new Fabric8Rollouts(where[0], client, Clock.systemUTC());
      Rollout aborted = await(rollouts, where[2], Rollout::aborted, "the abort");
      assertThat(aborted.shownPhase()).isEqualTo("Degraded");
      assertThat(aborted.shownMessage())
          .startsWith("RolloutAborted: Rollout aborted update to revision 2: Metric");
      Rollout back =
          await(rollouts, where[2], r -> r.aborted() && r.updatedReplicas() == 0, "rollback");
      assertThat(back.weights().canary()).isZero();
      List<AnalysisRun> runs = rollouts.scan().runsOf(back);
      assertThat(runs).anyMatch(a -> a.phase().equals("Failed"));
    } finally {
      ticker.shutdownNow();
    }
  }

  /** Each ReplicaSet the Rollout owns: its pod-template hash and desired replicas. */
  private static Map<String, Integer> replicaSets(
      KubernetesClient client, String namespace, String rollout) throws InterruptedException {
    // The mirror writes each change after the step that made it: wait for it to settle.
    Thread.sleep(500);
    Map<String, Integer> out = new java.util.TreeMap<>();
    for (var rs : client.apps().replicaSets().inNamespace(namespace).list().getItems()) {
      var owners = rs.getMetadata().getOwnerReferences();
      if (owners.size() == 1
          && owners.get(0).getKind().equals("Rollout")
          && owners.get(0).getName().equals(rollout)) {
        out.put(
            rs.getMetadata().getLabels().get("rollouts-pod-template-hash"),
            rs.getSpec().getReplicas());
      }
    }
    return out;
  }

  private static KubernetesClient client(DemoFleet fleet) throws Exception {
    KubeconfigCatalog catalog = KubeconfigCatalog.load(List.of(fleet.kubeconfig()));
    String context = fleet.grayRelease().orElseThrow()[0];
    return new KubernetesClientBuilder().withConfig(catalog.clientConfig(context)).build();
  }
}
