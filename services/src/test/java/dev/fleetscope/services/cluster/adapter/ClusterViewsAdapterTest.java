package dev.fleetscope.services.cluster.adapter;

import static dev.fleetscope.services.cluster.adapter.Fabric8FleetSourceTest.gpuNode;
import static dev.fleetscope.services.cluster.adapter.Fabric8FleetSourceTest.pod;
import static dev.fleetscope.services.cluster.adapter.Fabric8FleetSourceTest.vllm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.cluster.ClusterState;
import dev.fleetscope.services.cluster.EventFacts;
import dev.fleetscope.services.cluster.FleetRows;
import dev.fleetscope.services.cluster.FleetState;
import dev.fleetscope.services.cluster.NodeRow;
import dev.fleetscope.services.cluster.PodDetail;
import dev.fleetscope.services.cluster.PodFacts;
import dev.fleetscope.services.cluster.ResourceKind;
import dev.fleetscope.services.cluster.WatchState.Health;
import dev.fleetscope.services.cluster.WorkloadFacts;
import dev.fleetscope.services.common.DataOrigin;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster views' adapter against fabric8's mock API server: CRUD mode for data, expectations
 * for the failures (403, 500) a real server gives.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterViewsAdapterTest {
  private static final String FORBIDDEN =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":403,"
          + "\"reason\":\"Forbidden\",\"message\":\"pods is forbidden: User \\\"oncall\\\" cannot"
          + " list resource \\\"pods\\\" in API group \\\"\\\" at the cluster scope\"}";

  KubernetesMockServer server;
  KubernetesClient client;
  @TempDir Path dir;

  private final ScheduledExecutorService io = Executors.newScheduledThreadPool(2);
  private Fabric8FleetSource source;

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    io.shutdownNow();
  }

  @Test
  void nodesWorkloadsAndPodsCarryWhatTheViewsShow() throws Exception {
    client.nodes().resource(gpuNode("gpu-1", "NVIDIA-H100-80GB-HBM3", 8)).create();
    client
        .nodes()
        .withName("gpu-1")
        .edit(
            n -> {
              n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
              n.getSpec().setUnschedulable(true);
              n.getSpec()
                  .setTaints(
                      List.of(
                          new io.fabric8.kubernetes.api.model.TaintBuilder()
                              .withKey("nvidia.com/gpu")
                              .withValue("present")
                              .withEffect("NoSchedule")
                              .build()));
              n.getStatus()
                  .getAllocatable()
                  .put("nvidia.com/mig-1g.10gb", new io.fabric8.kubernetes.api.model.Quantity("7"));
              return n;
            });
    client.apps().deployments().inNamespace("serving").resource(vllm("chat", 2, 4)).create();
    client.pods().inNamespace("serving").resource(pod("chat-a", "chat", "gpu-1", 4)).create();
    client
        .pods()
        .inNamespace("serving")
        .resource(
            new PodBuilder(pod("chat-b", "chat", "", 4))
                .editStatus()
                .withPhase("Pending")
                .endStatus()
                .build())
        .create();
    client
        .pods()
        .inNamespace("serving")
        .resource(
            new PodBuilder(pod("chat-c", "chat", "gpu-1", 2))
                .editStatus()
                .addNewContainerStatus()
                .withName("vllm")
                .withRestartCount(3)
                .withReady(false)
                .withNewState()
                .withNewWaiting()
                .withReason("CrashLoopBackOff")
                .endWaiting()
                .endState()
                .withNewLastState()
                .withNewTerminated()
                .withReason("OOMKilled")
                .withExitCode(137)
                .endTerminated()
                .endLastState()
                .endContainerStatus()
                .endStatus()
                .build())
        .create();

    source = connect("mock", "");
    FleetState state = await(s -> cluster(s).pods().size() == 3 && !cluster(s).nodes().isEmpty());
    ClusterState c = cluster(state);

    NodeRow node = FleetRows.nodes(c).get(0);
    assertThat(node.node().cordoned()).isTrue();
    assertThat(node.state()).isEqualTo("Ready, cordoned");
    assertThat(node.node().taints()).containsExactly("nvidia.com/gpu=present:NoSchedule");
    assertThat(node.node().migDevices()).containsEntry("nvidia.com/mig-1g.10gb", 7);
    assertThat(node.node().gpuCountLabel()).isEqualTo(8);
    assertThat(node.gpusRequested()).isEqualTo(6); // 4 + 2; the pending pod holds none
    assertThat(node.gpusFree()).isEqualTo(2);

    PodFacts crashing =
        c.pods().stream().filter(p -> p.name().equals("chat-c")).findFirst().orElseThrow();
    assertThat(crashing.status()).isEqualTo("CrashLoopBackOff");
    assertThat(crashing.lastTermination()).isEqualTo("OOMKilled");
    assertThat(crashing.restarts()).isEqualTo(3);

    var row = FleetRows.workloads(c, false).get(0);
    assertThat(row.pods()).isEqualTo(3);
    assertThat(row.oomKilled()).isEqualTo(1);
    assertThat(FleetRows.podsOf(c, row.workload()))
        .extracting(PodFacts::name)
        .containsExactly("chat-a", "chat-b", "chat-c");
    // No CRDs in this cluster: the custom kinds say so instead of failing.
    assertThat(c.watch(ResourceKind.ROLLOUTS).orElseThrow().health())
        .isEqualTo(Health.NOT_INSTALLED);
    assertThat(c.watch(ResourceKind.LEADERWORKERSETS).orElseThrow().detail())
        .contains("not installed")
        .contains("leaderworkersets.leaderworkerset.x-k8s.io");
  }

  @Test
  void rolloutsAreWatchedWhereTheirCrdIsInstalled() throws Exception {
    ResourceDefinitionContext rollouts =
        new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Rollout")
            .withPlural("rollouts")
            .withNamespaced(true)
            .build();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("rollouts.argoproj.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("argoproj.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("Rollout")
                .withPlural("rollouts")
                .withSingular("rollout")
                .endNames()
                .addNewVersion()
                .withName("v1alpha1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build())
        .create();
    GenericKubernetesResource rollout =
        Serialization.unmarshal(
            Serialization.asJson(vllm("coder", 3, 2))
                .replace("\"apps/v1\"", "\"argoproj.io/v1alpha1\"")
                .replace("\"Deployment\"", "\"Rollout\""),
            GenericKubernetesResource.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> status =
        (Map<String, Object>) rollout.getAdditionalProperties().get("status");
    status.put("phase", "Paused");
    client.genericKubernetesResources(rollouts).inNamespace("serving").resource(rollout).create();

    source = connect("mock", "");
    FleetState state =
        await(s -> cluster(s).workloads().stream().anyMatch(w -> w.kind().equals("Rollout")));
    WorkloadFacts w = cluster(state).workloads().get(0);
    assertThat(w.kind()).isEqualTo("Rollout");
    assertThat(w.phase()).isEqualTo("Paused");
    assertThat(w.gpusPerReplica()).isEqualTo(2);
    assertThat(w.desiredReplicas()).isEqualTo(3);
    assertThat(cluster(state).watch(ResourceKind.ROLLOUTS).orElseThrow().health())
        .isEqualTo(Health.LIVE);
  }

  @Test
  void forbiddenClusterWideListFallsBackToTheContextNamespace() throws Exception {
    server.expect().get().withPath("/api/v1/pods?limit=500").andReturn(403, FORBIDDEN).always();
    client.pods().inNamespace("serving").resource(pod("chat-a", "chat", "gpu-1", 4)).create();
    client.pods().inNamespace("other").resource(pod("x", "x", "gpu-1", 1)).create();

    source = connect("mock", "serving");
    FleetState state =
        await(
            s ->
                cluster(s)
                    .watch(ResourceKind.PODS)
                    .map(w -> w.health() == Health.LIVE)
                    .orElse(false));
    ClusterState c = cluster(state);
    assertThat(c.pods()).extracting(PodFacts::name).containsExactly("chat-a");
    assertThat(c.watch(ResourceKind.PODS).orElseThrow().detail())
        .isEqualTo("namespace serving only: no access to list pods cluster-wide");
  }

  @Test
  void forbiddenWithoutANamespaceSaysNoAccessAndTheRestStillLoads() throws Exception {
    server.expect().get().withPath("/api/v1/pods?limit=500").andReturn(403, FORBIDDEN).always();
    server
        .expect()
        .get()
        .withPath("/apis/apps/v1/statefulsets?limit=500")
        .andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"etcdserver: timeout\"}")
        .always();
    client.nodes().resource(gpuNode("gpu-1", "NVIDIA-H100-80GB-HBM3", 8)).create();

    source = connect("mock", "");
    FleetState state =
        await(
            s ->
                cluster(s)
                        .watch(ResourceKind.PODS)
                        .map(w -> w.health() == Health.NO_ACCESS)
                        .orElse(false)
                    && cluster(s)
                        .watch(ResourceKind.STATEFULSETS)
                        .map(w -> w.health() == Health.FAILED)
                        .orElse(false)
                    && !cluster(s).nodes().isEmpty());
    ClusterState c = cluster(state);
    assertThat(c.watch(ResourceKind.PODS).orElseThrow().detail())
        .isEqualTo("no access: list pods in any namespace");
    assertThat(c.watch(ResourceKind.STATEFULSETS).orElseThrow().detail())
        .contains("listing statefulsets failed")
        .contains("HTTP 500")
        .contains("etcdserver: timeout");
    assertThat(c.nodes()).hasSize(1);
    assertThat(c.watch(ResourceKind.DEPLOYMENTS).orElseThrow().health()).isEqualTo(Health.LIVE);
  }

  @Test
  void podDetailEventsAndLogsAreFetchedOnDemand() throws Exception {
    client.pods().inNamespace("serving").resource(pod("chat-a", "chat", "gpu-1", 4)).create();
    // Real API servers filter events by involvedObject.name; the mock's CRUD mode does not know
    // that field, so the filtered list is an expectation. It also holds another object's event,
    // which the adapter must drop.
    var backOff =
        new EventBuilder()
            .withNewMetadata()
            .withName("chat-a.1")
            .withNamespace("serving")
            .endMetadata()
            .withNewInvolvedObject()
            .withKind("Pod")
            .withName("chat-a")
            .withNamespace("serving")
            .endInvolvedObject()
            .withType("Warning")
            .withReason("BackOff")
            .withMessage("Back-off restarting failed container vllm")
            .withCount(4)
            .withLastTimestamp("2026-11-23T10:00:00Z")
            .build();
    var otherKind =
        new EventBuilder(backOff)
            .editInvolvedObject()
            .withKind("Service")
            .endInvolvedObject()
            .withReason("Synced")
            .build();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/serving/events?fieldSelector=involvedObject.name%3Dchat-a")
        .andReturn(
            200,
            new io.fabric8.kubernetes.api.model.EventListBuilder()
                .withItems(otherKind, backOff)
                .build())
        .always();
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/serving/pods/chat-a/log?pretty=false&container=vllm&tailLines=100")
        .andReturn(200, "line one\nline two\n")
        .always();

    source = connect("mock", "");
    await(s -> cluster(s).pods().size() == 1);

    PodDetail detail = source.reads().pod("mock", "serving", "chat-a").get(10, TimeUnit.SECONDS);
    assertThat(detail.containers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("vllm");
              assertThat(c.limits()).containsEntry("nvidia.com/gpu", "4");
            });

    List<EventFacts> events =
        source.reads().events("mock", "Pod", "serving", "chat-a").get(10, TimeUnit.SECONDS);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo("BackOff");
              assertThat(e.count()).isEqualTo(4);
            });

    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> ended = new CompletableFuture<>();
    source
        .reads()
        .logs("mock", "serving", "chat-a", "vllm", 100, false, lines::add, ended::complete);
    assertThat(ended.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(lines).containsExactly("line one", "line two");

    // As a real API server answers for a pod that is gone (the mock's CRUD mode has no log API).
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/serving/pods/gone/log?pretty=false&container=vllm&tailLines=100")
        .andReturn(
            404,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"pods \\\"gone\\\" not found\",\"reason\":\"NotFound\",\"code\":404}")
        .always();
    CompletableFuture<String> missing = new CompletableFuture<>();
    source.reads().logs("mock", "serving", "gone", "vllm", 100, false, l -> {}, missing::complete);
    assertThat(missing.get(10, TimeUnit.SECONDS)).contains("context 'mock'");
  }

  private Fabric8FleetSource connect(String context, String namespace) throws Exception {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: %s
        users:
        - name: u
          user:
            token: secret-token
        contexts:
        - name: %s
          context:
            cluster: c
            user: u
            %s
        current-context: %s
        """
            .formatted(
                client.getConfiguration().getMasterUrl(),
                context,
                namespace.isEmpty() ? "" : "namespace: " + namespace,
                context);
    Path file = dir.resolve("kubeconfig.yaml");
    Files.writeString(file, yaml);
    KubeconfigCatalog catalog = KubeconfigCatalog.load(List.of(file));
    return Fabric8FleetSource.connect(
        catalog, List.of(context), DataOrigin.CLUSTER, io, Clock.systemUTC());
  }

  private static ClusterState cluster(FleetState s) {
    return s.cluster("mock").orElseThrow();
  }

  private FleetState await(Predicate<FleetState> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    FleetState last = source.state();
    while (System.nanoTime() < deadline) {
      last = source.state();
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition not reached; last state: " + last);
  }
}
