package dev.fleetscope.services.rollout.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscope.services.common.AuditLog;
import dev.fleetscope.services.demo.DemoCrds;
import dev.fleetscope.services.rollout.ActionPlan;
import dev.fleetscope.services.rollout.Rollout;
import dev.fleetscope.services.rollout.RolloutAction;
import dev.fleetscope.services.rollout.RolloutActions;
import dev.fleetscope.services.rollout.RolloutControl;
import dev.fleetscope.services.rollout.RolloutOperator;
import dev.fleetscope.services.rollout.RolloutScan;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollout actions against fabric8's mock API server in CRUD mode, with the Rollout CRD's status
 * subresource on: the exact merge-patch bodies, which subresource each goes to, the plugin's 404
 * fallback, RBAC checks and the audit log.
 */
class Fabric8RolloutsTest {
  static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  static final String NS = "llm-serving";
  static final String BASE = "/apis/argoproj.io/v1alpha1/namespaces/llm-serving/rollouts/";
  static final ObjectMapper JSON = new ObjectMapper();

  KubernetesClient client;
  KubernetesMockServer server;
  Fabric8Rollouts rollouts;

  /** What was patched, in order: the CRUD dispatcher consumes bodies, so they are kept here. */
  final List<Patch> patchLog = new java.util.concurrent.CopyOnWriteArrayList<>();

  record Patch(String path, String contentType, String body) {}

  /** A CRUD-mode mock server (with expectations) that records every PATCH before serving it. */
  @BeforeEach
  void startServer() {
    Map<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
        responses = new java.util.HashMap<>();
    io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher dispatcher =
        new io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher(responses) {
          @Override
          public io.fabric8.mockwebserver.http.MockResponse dispatch(RecordedRequest request) {
            if ("PATCH".equals(request.getMethod())) {
              patchLog.add(
                  new Patch(
                      request.getPath(),
                      request.getHeader("Content-Type"),
                      new String(
                          request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8)));
            }
            return super.dispatch(request);
          }
        };
    server =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(),
            new io.fabric8.mockwebserver.MockWebServer(),
            responses,
            dispatcher,
            false);
    server.init();
    client = server.createClient();
    installCrd();
  }

  @org.junit.jupiter.api.AfterEach
  void stopServer() {
    client.close();
    server.destroy();
  }

  void installCrd() {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(DemoCrds.of(Fabric8Rollouts.ROLLOUTS, true))
        .create();
    rollouts = new Fabric8Rollouts("prod", client, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** A canary at the given step whose controller wrote the given status. */
  private Rollout create(String name, boolean specPaused, Map<String, Object> status) {
    Map<String, Object> spec = new java.util.LinkedHashMap<>();
    spec.put("replicas", 10);
    spec.put("paused", specPaused);
    spec.put(
        "strategy",
        Map.of(
            "canary",
            Map.of(
                "steps",
                List.of(
                    Map.of("setWeight", 10),
                    Map.of("pause", Map.of("duration", "2m")),
                    Map.of("analysis", Map.of("templates", List.of(Map.of("templateName", "slo")))),
                    Map.of("setWeight", 50),
                    Map.of("pause", Map.of())))));
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("argoproj.io/v1alpha1");
    r.setKind("Rollout");
    r.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(name)
            .withNamespace(NS)
            .build());
    r.setAdditionalProperty("spec", spec);
    client
        .genericKubernetesResources(Fabric8Rollouts.ROLLOUTS)
        .inNamespace(NS)
        .resource(r)
        .create();
    Map<String, Object> full = new java.util.LinkedHashMap<>(status);
    full.put("observedGeneration", "1");
    client
        .genericKubernetesResources(Fabric8Rollouts.ROLLOUTS)
        .inNamespace(NS)
        .withName(name)
        .subresource("status")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("status", full)));
    patches();
    return rollouts.scan().rollouts().stream()
        .filter(x -> x.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private List<RecordedRequest> drain() {
    List<RecordedRequest> out = new ArrayList<>();
    try {
      RecordedRequest q;
      while ((q = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
        out.add(q);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  private List<Patch> patches() {
    List<Patch> out = List.copyOf(patchLog);
    patchLog.clear();
    drain();
    return out;
  }

  private static JsonNode body(Patch q) throws Exception {
    return JSON.readTree(q.body());
  }

  private Map<String, Object> status(String name) {
    GenericKubernetesResource r =
        client
            .genericKubernetesResources(Fabric8Rollouts.ROLLOUTS)
            .inNamespace(NS)
            .withName(name)
            .get();
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) r.getAdditionalProperties().get("status");
    return s;
  }

  private static Map<String, Object> paused(int step) {
    return Map.of(
        "currentStepIndex",
        step,
        "stableRS",
        "aaa111",
        "currentPodHash",
        "bbb222",
        "phase",
        "Paused",
        "pauseConditions",
        List.of(Map.of("reason", "CanaryPauseStep", "startTime", "2026-11-24T09:59:00Z")));
  }

  @Test
  void promoteAtAPauseStepClearsThePauseConditionsThroughTheStatusSubresource() throws Exception {
    Rollout r = create("chat", false, paused(1));
    assertThat(r.currentStep().orElseThrow().summary()).isEqualTo("pause 2m");
    assertThat(r.pauseRemaining(NOW)).contains(java.time.Duration.ofMinutes(1));

    rollouts.apply(r, RolloutActions.plan(RolloutAction.PROMOTE, r, NOW));

    List<Patch> sent = patches();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).path()).isEqualTo(BASE + "chat/status");
    assertThat(sent.get(0).contentType()).startsWith("application/merge-patch+json");
    assertThat(body(sent.get(0)))
        .isEqualTo(JSON.readTree("{\"status\":{\"pauseConditions\":null}}"));
    // A real API server drops a field merged with null; the mock keeps it as null. Either way:
    assertThat(status("chat").get("pauseConditions")).isNull();
    assertThat(status("chat")).containsEntry("currentStepIndex", 1);
  }

  @Test
  void promoteOfASpecPausedRolloutAlsoUnpausesTheSpec() throws Exception {
    Rollout r = create("spec-paused", true, paused(1));
    rollouts.apply(r, RolloutActions.plan(RolloutAction.PROMOTE, r, NOW));
    List<Patch> sent = patches();
    assertThat(sent)
        .extracting(Patch::path)
        .containsExactly(BASE + "spec-paused/status", BASE + "spec-paused");
    assertThat(body(sent.get(1))).isEqualTo(JSON.readTree("{\"spec\":{\"paused\":false}}"));
  }

  @Test
  void promoteDuringAnalysisWithoutPauseConditionsMovesToTheNextStep() throws Exception {
    Map<String, Object> status =
        Map.of(
            "currentStepIndex",
            2,
            "stableRS",
            "aaa111",
            "currentPodHash",
            "bbb222",
            "phase",
            "Progressing");
    Rollout r = create("analysing", false, status);
    rollouts.apply(r, RolloutActions.plan(RolloutAction.PROMOTE, r, NOW));
    List<Patch> sent = patches();
    assertThat(sent).hasSize(1);
    assertThat(body(sent.get(0)))
        .isEqualTo(JSON.readTree("{\"status\":{\"pauseConditions\":null,\"currentStepIndex\":3}}"));
    assertThat(status("analysing")).containsEntry("currentStepIndex", 3);
  }

  @Test
  void promoteAfterAnInconclusiveAnalysisClearsTheControllerPauseAndAdvances() throws Exception {
    Map<String, Object> status = new java.util.LinkedHashMap<>(paused(2));
    status.put("controllerPause", true);
    status.put(
        "canary",
        Map.of("currentStepAnalysisRunStatus", Map.of("name", "run-1", "status", "Inconclusive")));
    status.put("pauseConditions", List.of(Map.of("reason", "InconclusiveAnalysisRun")));
    Rollout r = create("inconclusive", false, status);
    ActionPlan plan = RolloutActions.plan(RolloutAction.PROMOTE, r, NOW);
    assertThat(JSON.readTree(plan.statusPatch()))
        .isEqualTo(
            JSON.readTree(
                "{\"status\":{\"pauseConditions\":null,\"controllerPause\":false,\"currentStepIndex\":3}}"));
  }

  @Test
  void abortRetryAndPromoteFullAreStatusPatchesPauseAndRestartAreSpecPatches() throws Exception {
    Rollout r = create("verbs", false, paused(1));
    Map<RolloutAction, String> expected =
        Map.of(
            RolloutAction.ABORT, "{\"status\":{\"abort\":true}}",
            RolloutAction.RETRY, "{\"status\":{\"abort\":false}}",
            RolloutAction.PROMOTE_FULL, "{\"status\":{\"promoteFull\":true}}",
            RolloutAction.PAUSE, "{\"spec\":{\"paused\":true}}",
            RolloutAction.RESTART, "{\"spec\":{\"restartAt\":\"2026-11-24T10:00:00Z\"}}");
    for (Map.Entry<RolloutAction, String> e : expected.entrySet()) {
      rollouts.apply(r, RolloutActions.plan(e.getKey(), r, NOW));
      List<Patch> sent = patches();
      assertThat(sent).as(e.getKey().name()).hasSize(1);
      boolean status = e.getValue().startsWith("{\"status\"");
      assertThat(sent.get(0).path()).isEqualTo(BASE + "verbs" + (status ? "/status" : ""));
      assertThat(body(sent.get(0))).as(e.getKey().name()).isEqualTo(JSON.readTree(e.getValue()));
    }
    assertThat(status("verbs")).containsEntry("promoteFull", true);
  }

  @Test
  void aMissingStatusSubresourceFallsBackToTheUnifiedPatchOnTheMainResource() throws Exception {
    Rollout r = create("old-controller", false, paused(1));
    server
        .expect()
        .patch()
        .withPath(BASE + "old-controller/status")
        .andReturn(
            404,
            new StatusBuilder()
                .withCode(404)
                .withReason("NotFound")
                .withMessage("the server could not find the requested resource")
                .build())
        .once();
    List<RolloutControl.Sent> sent =
        rollouts.apply(r, RolloutActions.plan(RolloutAction.PROMOTE, r, NOW));
    List<Patch> requests = patches();
    assertThat(requests)
        .extracting(Patch::path)
        .containsExactly(BASE + "old-controller/status", BASE + "old-controller");
    assertThat(body(requests.get(1)))
        .isEqualTo(
            JSON.readTree("{\"spec\":{\"paused\":false},\"status\":{\"pauseConditions\":null}}"));
    assertThat(sent).extracting(RolloutControl.Sent::status).containsExactly(404, 200);
  }

  @Test
  void anotherErrorOnTheStatusSubresourceStopsTheActionWithTheServersMessage() {
    Rollout r = create("forbidden", true, paused(1));
    server
        .expect()
        .patch()
        .withPath(BASE + "forbidden/status")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("rollouts.argoproj.io \"forbidden\" is forbidden")
                .build())
        .once();
    assertThatThrownBy(() -> rollouts.apply(r, RolloutActions.plan(RolloutAction.PROMOTE, r, NOW)))
        .isInstanceOf(RolloutControl.RolloutWriteException.class)
        .hasMessageContaining("is forbidden")
        .hasMessageContaining("403");
    assertThat(patches()).hasSize(1); // the spec patch was not sent
  }

  @Test
  void rbacIsCheckedForEachTargetAndADenialNamesIt() {
    Rollout r = create("guarded", true, paused(1));
    ActionPlan plan = RolloutActions.plan(RolloutAction.PROMOTE, r, NOW);
    String ssar = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    server
        .expect()
        .post()
        .withPath(ssar)
        .andReturn(
            201,
            new SelfSubjectAccessReviewBuilder()
                .withNewStatus()
                .withAllowed(false)
                .withReason("no RBAC policy matched")
                .endStatus()
                .build())
        .once();
    server
        .expect()
        .post()
        .withPath(ssar)
        .andReturn(
            201,
            new SelfSubjectAccessReviewBuilder()
                .withNewStatus()
                .withAllowed(true)
                .endStatus()
                .build())
        .once();
    Optional<String> denied = rollouts.denied(r, plan);
    assertThat(denied).isPresent();
    assertThat(denied.get())
        .contains("patch rollouts/status (no RBAC policy matched)", "prod", NS)
        .doesNotContain("patch rollouts,");
    List<RecordedRequest> reviews = drain().stream().filter(q -> q.getPath().equals(ssar)).toList();
    assertThat(reviews).hasSize(2);
  }

  @Test
  void operatorAuditsEveryActionWithTheExactBodiesAndOutcome(@TempDir Path dir) throws Exception {
    Rollout r = create("audited", false, paused(1));
    String ssar = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    server
        .expect()
        .post()
        .withPath(ssar)
        .andReturn(
            201,
            new SelfSubjectAccessReviewBuilder()
                .withNewStatus()
                .withAllowed(true)
                .endStatus()
                .build())
        .always();
    AuditLog audit = new AuditLog(dir.resolve("audit.jsonl"));
    RolloutOperator operator =
        new RolloutOperator(
            ctx -> ctx.equals("prod") ? Optional.of(rollouts) : Optional.empty(),
            audit,
            "alice",
            Clock.fixed(NOW, ZoneOffset.UTC));
    RolloutOperator.Prepared p = operator.prepare(r, RolloutAction.ABORT);
    assertThat(p.allowed()).isTrue();
    assertThat(p.summary())
        .contains("context: prod", "namespace: llm-serving", "rollout audited")
        .contains("PATCH rollouts/status (merge patch)\n  {\"status\":{\"abort\":true}}");
    RolloutOperator.Outcome o = operator.execute(p);
    assertThat(o.ok()).isTrue();
    assertThat(status("audited")).containsEntry("abort", true);
    List<String> lines = audit.lines();
    assertThat(lines).hasSize(1);
    JsonNode entry = JSON.readTree(lines.get(0));
    assertThat(entry.get("user").asText()).isEqualTo("alice");
    assertThat(entry.get("context").asText()).isEqualTo("prod");
    assertThat(entry.get("name").asText()).isEqualTo("audited");
    assertThat(entry.get("action").asText()).isEqualTo("abort");
    assertThat(entry.get("changes").get(0).get("subresource").asText()).isEqualTo("status");
    assertThat(entry.get("changes").get(0).get("body").asText())
        .isEqualTo("{\"status\":{\"abort\":true}}");
    assertThat(entry.get("outcome").asText()).isEqualTo("ok");
  }

  @Test
  void scanReadsStepsWeightsAndTrustsStatusOnlyForTheObservedGeneration() {
    Map<String, Object> status = new java.util.LinkedHashMap<>(paused(1));
    status.put(
        "canary",
        Map.of(
            "weights",
            Map.of(
                "canary", Map.of("weight", 10, "podTemplateHash", "bbb222"),
                "stable", Map.of("weight", 90, "podTemplateHash", "aaa111"))));
    Rollout r = create("weighted", false, status);
    assertThat(r.statusTrusted()).isTrue();
    assertThat(r.weights()).isEqualTo(new Rollout.Weights(10, 90, true));
    assertThat(r.steps())
        .extracting(s -> s.summary())
        .containsExactly(
            "setWeight 10%", "pause 2m", "analysis slo", "setWeight 50%", "pause (until promoted)");
    assertThat(r.shownPhase()).isEqualTo("Paused");

    client
        .genericKubernetesResources(Fabric8Rollouts.ROLLOUTS)
        .inNamespace(NS)
        .withName("weighted")
        .edit(
            x -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> spec =
                  (Map<String, Object>) x.getAdditionalProperties().get("spec");
              spec.put("replicas", 12);
              return x;
            });
    RolloutScan scan = rollouts.scan();
    Rollout edited =
        scan.rollouts().stream().filter(x -> x.name().equals("weighted")).findFirst().orElseThrow();
    assertThat(edited.generation()).isEqualTo(2);
    assertThat(edited.statusTrusted()).isFalse();
    assertThat(edited.shownPhase()).isEqualTo("Progressing");
    assertThat(edited.shownMessage()).contains("generation 2", "last saw 1");
  }

  @Test
  void aClusterWithoutArgoRolloutsSaysSo() {
    // A real API server answers 404 for a resource of a group no CRD serves.
    server
        .expect()
        .get()
        .withPath("/apis/argoproj.io/v1alpha1/rollouts")
        .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").build())
        .once();
    RolloutScan scan = rollouts.scan();
    assertThat(scan.installed()).isFalse();
    assertThat(scan.rollouts()).isEmpty();
    assertThat(scan.problems()).isEmpty();
  }
}
