package dev.fleetscope.services.rollout.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.demo.DemoCrds;
import dev.fleetscope.services.rollout.RolloutScan;
import dev.fleetscope.services.rollout.WatchedRelease;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flagger Canaries and version-labelled Deployment pairs read from a fabric8 mock API server in
 * CRUD mode, on a cluster without Argo Rollouts: shown, read-only, with Flagger's own figures and
 * the pair's weight from its ready replicas.
 */
@EnableKubernetesMockClient(crud = true)
class WatchedReleasesTest {
  static final String NS = "serving";
  KubernetesClient client;

  @Test
  void flaggerCanariesAndDeploymentPairsAreReadWithoutArgoRollouts() throws Exception {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(DemoCrds.of(Fabric8Rollouts.FLAGGER_CANARIES, true))
        .create();
    GenericKubernetesResource canary = new GenericKubernetesResource();
    canary.setApiVersion("flagger.app/v1beta1");
    canary.setKind("Canary");
    canary.setMetadata(new ObjectMetaBuilder().withName("chat").withNamespace(NS).build());
    canary.setAdditionalProperty(
        "spec",
        Map.of(
            "targetRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "chat"),
            "analysis",
                Map.of("interval", "1m", "threshold", 5, "maxWeight", 50, "stepWeight", 10)));
    client
        .genericKubernetesResources(Fabric8Rollouts.FLAGGER_CANARIES)
        .inNamespace(NS)
        .resource(canary)
        .create();
    client
        .genericKubernetesResources(Fabric8Rollouts.FLAGGER_CANARIES)
        .inNamespace(NS)
        .withName("chat")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of(
                    "status",
                    Map.of(
                        "phase",
                        "Progressing",
                        "canaryWeight",
                        30,
                        "failedChecks",
                        2,
                        "iterations",
                        0,
                        "lastTransitionTime",
                        "2026-11-24T09:00:00Z",
                        "conditions",
                        List.of(
                            Map.of(
                                "type", "Promoted",
                                "status", "Unknown",
                                "reason", "Progressing",
                                "message", "New revision detected, progressing canary"))))));
    // Flagger's target and primary carry versions too; they are the Canary's, not a pair.
    deployment("chat", "chat", "2.1", 0, null);
    deployment("chat-primary", "chat", "2.0", 4, null);
    // A plain pair: embed 1.4 (3 ready) and the newer 1.5 (1 ready). The API server stamps
    // creation times, to the second.
    deployment("embed-v14", "embed", "1.4", 3, null);
    Thread.sleep(1100);
    deployment("embed-v15", "embed", "1.5", 1, null);
    // One version only: no release.
    deployment("reranker", "reranker", "3.0", 2, null);

    RolloutScan scan = new Fabric8Rollouts("prod", client, Clock.systemUTC()).scan();
    assertThat(scan.rollouts()).isEmpty();
    assertThat(scan.problems()).isEmpty();
    assertThat(scan.watched()).hasSize(2);
    WatchedRelease flagger = scan.watched().get(0);
    assertThat(flagger.source()).isEqualTo(WatchedRelease.Source.FLAGGER);
    assertThat(flagger.key()).isEqualTo("prod/serving/chat");
    assertThat(flagger.phase()).isEqualTo("Progressing");
    assertThat(flagger.canaryWeight()).isEqualTo(30);
    assertThat(flagger.checks()).isEqualTo("2 / 5");
    assertThat(flagger.detail()).isEqualTo("Deployment chat against chat-primary");
    assertThat(flagger.message()).isEqualTo("New revision detected, progressing canary");
    assertThat(flagger.since()).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));

    WatchedRelease pair = scan.watched().get(1);
    assertThat(pair.source()).isEqualTo(WatchedRelease.Source.DEPLOYMENTS);
    assertThat(pair.name()).isEqualTo("embed");
    assertThat(pair.canaryWeight()).isEqualTo(25);
    assertThat(pair.phase()).isEqualTo("Split");
    assertThat(pair.checks()).isEmpty();
    assertThat(pair.detail()).isEqualTo("embed-v14 (1.4): 3/3 ready · embed-v15 (1.5): 1/1 ready");
    assertThat(pair.message()).isEqualTo("new version 1.5 (embed-v15)");
  }

  @Test
  void aDeploymentLabelledTrackCanaryIsTheNewVersionWhateverItsAge() throws Exception {
    deployment("api-canary", "api", "8", 1, "canary");
    Thread.sleep(1100);
    deployment("api-stable", "api", "7", 9, "stable");
    RolloutScan scan = new Fabric8Rollouts("prod", client, Clock.systemUTC()).scan();
    assertThat(scan.watched())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.canaryWeight()).isEqualTo(10);
              assertThat(w.message()).isEqualTo("new version 8 (api-canary)");
            });
  }

  @Test
  void watchedReleasesAreReadAtMostEveryTenSeconds() throws Exception {
    Instant[] now = {Instant.parse("2026-11-24T09:00:00Z")};
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    Fabric8Rollouts rollouts = new Fabric8Rollouts("prod", client, clock);
    deployment("api-v1", "api", "1", 3, null);
    Thread.sleep(1100);
    deployment("api-v2", "api", "2", 1, null);
    assertThat(rollouts.scan().watched())
        .singleElement()
        .extracting(WatchedRelease::canaryWeight)
        .isEqualTo(25);
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("api-v2")
        .edit(
            d -> {
              d.getStatus().setReadyReplicas(3);
              return d;
            });
    now[0] = now[0].plusSeconds(9);
    assertThat(rollouts.scan().watched().get(0).canaryWeight()).isEqualTo(25);
    now[0] = now[0].plusSeconds(1);
    assertThat(rollouts.scan().watched().get(0).canaryWeight()).isEqualTo(50);
  }

  private void deployment(String name, String app, String version, int ready, String track) {
    Map<String, String> labels =
        track == null
            ? Map.of("app.kubernetes.io/name", app, "app.kubernetes.io/version", version)
            : Map.of("app", app, "version", version, "track", track);
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withReplicas(ready)
            .endSpec()
            .withNewStatus()
            .withReadyReplicas(ready)
            .endStatus()
            .build();
    client.apps().deployments().inNamespace(NS).resource(d).create();
  }
}
