package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.await;
import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.rollout.WatchedRelease;
import dev.fleetscope.views.rollout.RolloutRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * The Gray releases section in the real console on the demo fleet's gray release (simulated time 25
 * times faster): promote and abort with confirmation, RBAC refusal, read-only mode, and the
 * scenario end to end with and without the canary regression.
 */
class RolloutsSectionTest {
  /**
   * The demo's simulated time falls behind when the machine is busy (each tick writes to the mock
   * API servers), so waits on the release's progress allow more than the usual 30 s.
   */
  static final int SLOW_DEMO_SECONDS = 90;

  @TempDir Path home;
  SectionWindow window;

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void close() throws Exception {
    if (window != null) {
      window.close();
    }
  }

  private RolloutRow row() throws Exception {
    return onFx(
        () -> {
          var selected =
              ((dev.fleetscope.views.rollout.RolloutsView) window.view())
                  .model()
                  .selectedProperty();
          return selected.get();
        });
  }

  private void awaitRow(java.util.function.Predicate<RolloutRow> p) throws Exception {
    await(
        () -> {
          RolloutRow r = row();
          return r != null && p.test(r);
        },
        () -> {
          RolloutRow r = row();
          return r == null
              ? "no rollout selected"
              : r.rollout().shownPhase()
                  + " at step "
                  + r.rollout().currentStepIndex()
                  + ", "
                  + r.rollout().weights()
                  + ", aborted "
                  + r.rollout().aborted()
                  + ", updated replicas "
                  + r.rollout().updatedReplicas();
        },
        SLOW_DEMO_SECONDS);
  }

  private String confirmText() throws Exception {
    return onFx(() -> ((TextArea) window.view().node().lookup("#confirm-text")).getText());
  }

  @Test
  void withoutRegressionTheReleaseWaitsAtFiftyPercentAndAConfirmedPromoteCompletesIt()
      throws Exception {
    window =
        SectionWindow.openConnected(
            home, "rollouts", "--demo-scenario", "gray-release", "--demo-speed", "25");
    awaitRow(r -> r.rollout().updating() && r.rollout().statusTrusted());
    assertThat(window.label("#rollouts-summary")).contains("1 in flight");
    // The console's own judgment turns up once both versions have points.
    await(
        () -> window.label("#rollout-verdict").startsWith("Judgment: Pass"),
        () -> window.label("#rollout-verdict"),
        SLOW_DEMO_SECONDS);
    awaitRow(r -> r.rollout().currentStepIndex() == 7 && r.rollout().paused());
    assertThat(window.label("#rollout-countdown")).isEqualTo("Paused until someone promotes");
    assertThat(window.label("#rollout-weights")).startsWith("canary 50% · stable 50%");

    window.press("#action-promote");
    await(() -> window.shown("#confirm-pane"));
    assertThat(confirmText())
        .contains("Promote rollout qwen2-5-coder-32b")
        .contains("context: demo-us-east", "namespace: llm-serving")
        .contains("PATCH rollouts/status (merge patch)\n  {\"status\":{\"pauseConditions\":null}}");
    window.press("#confirm-action");
    awaitRow(r -> !r.rollout().updating() && r.rollout().shownPhase().equals("Healthy"));
    assertThat(window.label("#rollout-action-status"))
        .contains("Promote sent to qwen2-5-coder-32b");
    List<String> audit = Files.readAllLines(window.services().auditLog());
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0))
        .contains("\"action\":\"promote\"", "\"context\":\"demo-us-east\"", "\"outcome\":\"ok\"");
  }

  @Test
  void withTheRegressionTheJudgmentFailsAndAConfirmedAbortRollsBack() throws Exception {
    window =
        SectionWindow.openConnected(
            home,
            "rollouts",
            "--demo-scenario",
            "gray-release",
            "--demo-regression",
            "--demo-speed",
            "10");
    assertThat(onFx(() -> window.view().node().lookup("#demo-regression") != null)).isTrue();
    // The regression adds 6% errors and slows first tokens 2.2-fold. Which metrics fail first
    // depends on how many intervals the canary served before the controller's own analysis aborted
    // it (with three canary points one odd interval can hide a shift), so any failed metric counts.
    await(
        () -> window.label("#rollout-verdict").startsWith("Judgment: Fail"),
        () -> window.label("#rollout-verdict"),
        SLOW_DEMO_SECONDS);
    assertThat(window.label("#rollout-verdict")).containsPattern("failed: \\w");
    RolloutRow failing = row();
    if (!failing.rollout().aborted()) {
      // Abort by hand before the controller's own analysis does it.
      window.press("#action-abort");
      await(() -> window.shown("#confirm-pane") || row().rollout().aborted());
      if (window.shown("#confirm-pane")) {
        assertThat(confirmText()).contains("{\"status\":{\"abort\":true}}");
        window.press("#confirm-action");
      }
    }
    awaitRow(r -> r.rollout().aborted() && r.rollout().updatedReplicas() == 0);
    RolloutRow back = row();
    assertThat(back.phase().text()).isEqualTo("Aborted");
    assertThat(back.rollout().weights().canary()).isZero();
    assertThat(back.rollout().shownMessage()).startsWith("RolloutAborted");
    // Retry is offered now; promote is not.
    assertThat(onFx(() -> window.view().node().lookup("#action-retry").isDisabled())).isFalse();
    assertThat(onFx(() -> window.view().node().lookup("#action-promote").isDisabled())).isTrue();
  }

  @Test
  void whenRbacRefusesThePatchNothingIsOfferedToConfirmAndTheReasonIsShown() throws Exception {
    window =
        SectionWindow.openConnected(
            home, "rollouts", "--demo-scenario", "gray-release", "--demo-speed", "5");
    window.services().demo().orElseThrow().setWritesDenied(true);
    awaitRow(r -> r.rollout().updating() && r.rollout().statusTrusted());
    window.press("#action-pause");
    await(() -> window.label("#rollout-action-status").startsWith("RBAC in demo-us-east"));
    assertThat(window.label("#rollout-action-status"))
        .contains("does not allow patch rollouts")
        .contains("view ClusterRole only");
    assertThat(window.shown("#confirm-pane")).isFalse();
    assertThat(window.services().auditLog()).doesNotExist();
  }

  @Test
  void readOnlyModeShowsNoActionsAtAll() throws Exception {
    window =
        SectionWindow.openConnected(
            home,
            "rollouts",
            "--read-only",
            "--demo-scenario",
            "gray-release",
            "--demo-speed",
            "5");
    awaitRow(r -> r.rollout().updating());
    assertThat(window.label("#rollouts-summary")).contains("READ-ONLY");
    assertThat(onFx(() -> ((HBox) window.view().node().lookup("#rollout-actions")).getChildren()))
        .isEmpty();
    assertThat(window.shown("#confirm-pane")).isFalse();
  }

  @Test
  @SuppressWarnings("unchecked")
  void flaggerCanariesAndDeploymentPairsAreShownReadOnly() throws Exception {
    window = SectionWindow.openConnected(home, "rollouts");
    var demo = window.services().demo().orElseThrow();
    var catalog =
        dev.fleetscope.services.cluster.adapter.KubeconfigCatalog.load(List.of(demo.kubeconfig()));
    try (var client =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(catalog.clientConfig("demo-eu-west"))
            .build()) {
      var canaries = dev.fleetscope.services.rollout.adapter.Fabric8Rollouts.FLAGGER_CANARIES;
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(dev.fleetscope.services.demo.DemoCrds.of(canaries, true))
          .create();
      var canary = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
      canary.setApiVersion("flagger.app/v1beta1");
      canary.setKind("Canary");
      canary.setMetadata(
          new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
              .withName("reranker")
              .withNamespace("experiments")
              .build());
      canary.setAdditionalProperty(
          "spec",
          java.util.Map.of(
              "targetRef", java.util.Map.of("kind", "Deployment", "name", "reranker"),
              "analysis", java.util.Map.of("threshold", 3)));
      client
          .genericKubernetesResources(canaries)
          .inNamespace("experiments")
          .resource(canary)
          .create();
      client
          .genericKubernetesResources(canaries)
          .inNamespace("experiments")
          .withName("reranker")
          .subresource("status")
          .patch(
              io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                  io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
              "{\"status\":{\"phase\":\"Progressing\",\"canaryWeight\":20,\"failedChecks\":1}}");
    }
    await(() -> watched().size() == 1, () -> String.valueOf(watched()), SLOW_DEMO_SECONDS);
    WatchedRelease w = watched().get(0);
    assertThat(w.key()).isEqualTo("demo-eu-west/experiments/reranker");
    assertThat(w.source().label()).isEqualTo("Flagger Canary");
    assertThat(w.phase()).isEqualTo("Progressing");
    assertThat(w.canaryWeight()).isEqualTo(20);
    assertThat(w.checks()).isEqualTo("1 / 3");
    assertThat(window.shown("#rollouts-watched")).isTrue();
    // Watched releases are not Rollouts: the list of Rollouts, and its actions, are unchanged.
    assertThat(row().rollout().name()).isEqualTo("qwen2-5-coder-32b");
  }

  private List<WatchedRelease> watched() throws Exception {
    return onFx(
        () ->
            ((dev.fleetscope.views.rollout.RolloutsView) window.view())
                .model()
                .watchedProperty()
                .get());
  }
}
