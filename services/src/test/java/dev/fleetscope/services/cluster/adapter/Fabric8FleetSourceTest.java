package dev.fleetscope.services.cluster.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.cluster.ClusterOverview;
import dev.fleetscope.services.cluster.ConnectionState;
import dev.fleetscope.services.cluster.FleetOverview;
import dev.fleetscope.services.cluster.WorkloadRow;
import dev.fleetscope.services.common.DataOrigin;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true, https = false)
class Fabric8FleetSourceTest {
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
  void listAndInformerAddUpdateDeleteReachTheOverview() throws Exception {
    client.nodes().resource(gpuNode("gpu-1", "NVIDIA-H100-80GB-HBM3", 8)).create();
    client.apps().deployments().inNamespace("serving").resource(vllm("chat", 2, 4)).create();
    client.pods().inNamespace("serving").resource(pod("chat-a", "chat", "gpu-1", 4)).create();

    source = connect(List.of("mock"));
    AtomicInteger signals = new AtomicInteger();
    source.onChange(signals::incrementAndGet);

    // Listed at start.
    FleetOverview first = await(o -> cluster(o).gpuAllocated() == 4);
    ClusterOverview c = cluster(first);
    assertThat(c.status().state()).isEqualTo(ConnectionState.LIVE);
    assertThat(first.origin()).isEqualTo(DataOrigin.CLUSTER);
    assertThat(c.gpuCapacity()).isEqualTo(8);
    assertThat(c.gpusByProduct())
        .singleElement()
        .satisfies(p -> assertThat(p.product()).isEqualTo("NVIDIA-H100-80GB-HBM3"));
    assertThat(c.workloads())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.workload().name()).isEqualTo("chat");
              assertThat(w.workload().servedModel()).isEqualTo("meta-llama/Llama-3.1-70B-Instruct");
              assertThat(w.workload().engine().label()).isEqualTo("vLLM");
            });

    // Informer add: a second node and a second pod.
    client.nodes().resource(gpuNode("gpu-2", "NVIDIA-L40S", 8)).create();
    client.pods().inNamespace("serving").resource(pod("chat-b", "chat", "gpu-2", 4)).create();
    FleetOverview added =
        await(o -> cluster(o).gpuCapacity() == 16 && cluster(o).gpuAllocated() == 8);
    assertThat(cluster(added).gpusByProduct()).hasSize(2);

    // Informer update: the deployment reports both replicas ready.
    client
        .apps()
        .deployments()
        .inNamespace("serving")
        .withName("chat")
        .edit(
            d ->
                new DeploymentBuilder(d)
                    .editOrNewStatus()
                    .withReadyReplicas(2)
                    .endStatus()
                    .build());
    FleetOverview updated =
        await(o -> cluster(o).workloads().stream().allMatch(WorkloadRow::healthy));
    assertThat(cluster(updated).workloadsHealthy()).isEqualTo(1);

    // Informer delete: a pod goes away and releases its GPUs.
    client.pods().inNamespace("serving").withName("chat-a").delete();
    FleetOverview deleted = await(o -> cluster(o).gpuAllocated() == 4);
    assertThat(cluster(deleted).gpuFree()).isEqualTo(12);
    assertThat(signals.get()).isPositive();
  }

  @Test
  void unreachableClusterIsReportedNotThrownAndOthersStillLoad() throws Exception {
    client.nodes().resource(gpuNode("gpu-1", "NVIDIA-H100-80GB-HBM3", 8)).create();
    source = connect(List.of("mock", "dead"));

    FleetOverview o = await(x -> x.settled() && cluster(x).gpuCapacity() == 8);
    ClusterOverview dead =
        o.clusters().stream().filter(c -> c.context().equals("dead")).findFirst().orElseThrow();
    assertThat(dead.status().state()).isEqualTo(ConnectionState.UNREACHABLE);
    assertThat(dead.status().cause()).contains("dead").contains("cannot connect");
    assertThat(cluster(o).status().state()).isEqualTo(ConnectionState.LIVE);
  }

  @Test
  void rejectedCredentialsAreReportedAsSuchNamingTheContext() throws Exception {
    server
        .expect()
        .get()
        .withPath("/api/v1/nodes?limit=1")
        .andReturn(401, "{\"kind\":\"Status\",\"code\":401,\"message\":\"Unauthorized\"}")
        .always();
    source = connect(List.of("mock"));
    FleetOverview o = await(x -> x.settled());
    assertThat(cluster(o).status().state()).isEqualTo(ConnectionState.UNREACHABLE);
    assertThat(cluster(o).status().cause())
        .contains("context 'mock'")
        .contains("rejected the credentials (HTTP 401)")
        .doesNotContain("secret-token");
  }

  @Test
  void contextThatCannotBeConfiguredIsReportedWithItsCause() throws Exception {
    source = connect(List.of("mock", "no-such-context"));
    FleetOverview o = await(x -> x.settled());
    assertThat(o.clusters())
        .anySatisfy(
            c -> {
              assertThat(c.context()).isEqualTo("no-such-context");
              assertThat(c.status().state()).isEqualTo(ConnectionState.UNREACHABLE);
              assertThat(c.status().cause()).contains("not defined");
            });
  }

  private Fabric8FleetSource connect(List<String> contexts) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String yaml =
        KubeconfigCatalogTest.kubeconfig(
                "mock", "mock-cluster", client.getConfiguration().getMasterUrl(), "mock")
            + "";
    Path main = dir.resolve("main.yaml");
    Files.writeString(main, yaml);
    Path dead = dir.resolve("dead.yaml");
    Files.writeString(
        dead,
        KubeconfigCatalogTest.kubeconfig(
            "dead", "dead-cluster", "http://127.0.0.1:" + closedPort, "dead"));
    KubeconfigCatalog catalog = KubeconfigCatalog.load(List.of(main, dead));
    return Fabric8FleetSource.connect(catalog, contexts, DataOrigin.CLUSTER, io, Clock.systemUTC());
  }

  private ClusterOverview cluster(FleetOverview o) {
    return o.clusters().stream().filter(c -> c.context().equals("mock")).findFirst().orElseThrow();
  }

  private FleetOverview await(Predicate<FleetOverview> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    FleetOverview last = source.snapshot();
    while (System.nanoTime() < deadline) {
      last = source.snapshot();
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition not reached; last overview: " + last);
  }

  static Node gpuNode(String name, String product, int gpus) {
    Quantity q = new Quantity(Integer.toString(gpus));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(
            Map.of(
                "nvidia.com/gpu.product",
                product,
                "nvidia.com/gpu.memory",
                "81559",
                "nvidia.com/gpu.count",
                Integer.toString(gpus)))
        .endMetadata()
        .withNewStatus()
        .withAllocatable(Map.of("nvidia.com/gpu", q))
        .withCapacity(Map.of("nvidia.com/gpu", q))
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  static Deployment vllm(String name, int replicas, int gpus) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("serving")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .withContainers(
            new ContainerBuilder()
                .withName("vllm")
                .withImage("vllm/vllm-openai:v0.6.6")
                .withArgs("--model", "meta-llama/Llama-3.1-70B-Instruct")
                .withNewResources()
                .addToLimits("nvidia.com/gpu", new Quantity(Integer.toString(gpus)))
                .endResources()
                .build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .withNewStatus()
        .withReadyReplicas(1)
        .endStatus()
        .build();
  }

  static Pod pod(String name, String app, String node, int gpus) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("serving")
        .withLabels(Map.of("app", app))
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withContainers(
            new ContainerBuilder()
                .withName("vllm")
                .withImage("vllm/vllm-openai:v0.6.6")
                .withNewResources()
                .addToLimits("nvidia.com/gpu", new Quantity(Integer.toString(gpus)))
                .endResources()
                .build())
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .endStatus()
        .build();
  }
}
