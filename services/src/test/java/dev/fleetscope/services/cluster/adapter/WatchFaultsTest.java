package dev.fleetscope.services.cluster.adapter;

import static dev.fleetscope.services.cluster.adapter.Fabric8FleetSourceTest.gpuNode;
import static dev.fleetscope.services.cluster.adapter.Fabric8FleetSourceTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.cluster.ClusterState;
import dev.fleetscope.services.cluster.ConnectionState;
import dev.fleetscope.services.cluster.FleetState;
import dev.fleetscope.services.cluster.PodFacts;
import dev.fleetscope.services.cluster.ResourceKind;
import dev.fleetscope.services.cluster.WatchState;
import dev.fleetscope.services.cluster.WatchState.Health;
import dev.fleetscope.services.common.DataOrigin;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of a live cluster, against fabric8's mock API server in CRUD mode whose dispatcher can be
 * told to answer some requests as a failing API server would: 410 Gone on a watch, a watch that
 * fails every time, and an API server that accepts connections but never answers.
 */
class WatchFaultsTest {
  private static final String GONE =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":410,"
          + "\"reason\":\"Expired\",\"message\":\"too old resource version: 2 (917)\"}";
  private static final String LEADER_CHANGED =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500,"
          + "\"reason\":\"InternalError\",\"message\":\"etcdserver: leader changed\"}";

  @TempDir Path dir;

  private final ScheduledExecutorService io = Executors.newScheduledThreadPool(4);
  private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile Function<RecordedRequest, MockResponse> fault = r -> null;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private Fabric8FleetSource source;

  @BeforeEach
  void startServer() throws IOException {
    KubernetesMixedDispatcher dispatcher =
        new KubernetesMixedDispatcher(new HashMap<>()) {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.add(request.getMethod() + " " + request.getPath());
            MockResponse injected = fault.apply(request);
            return injected != null ? injected : super.dispatch(request);
          }
        };
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    io.shutdownNow();
    client.close();
    server.destroy();
  }

  private static boolean podsWatch(RecordedRequest r) {
    return r.getPath().startsWith("/api/v1/pods?") && r.getPath().contains("watch=true");
  }

  private static boolean podsList(RecordedRequest r) {
    return r.getPath().startsWith("/api/v1/pods?") && !r.getPath().contains("watch=true");
  }

  @Test
  void goneOnAWatchRelistsAndKeepsUpWithoutShowingAnError() throws Exception {
    client.nodes().resource(gpuNode("gpu-1", "NVIDIA-H100-80GB-HBM3", 8)).create();
    client.pods().inNamespace("serving").resource(pod("chat-a", "chat", "gpu-1", 4)).create();
    AtomicInteger gone = new AtomicInteger();
    fault = r -> podsWatch(r) && gone.getAndIncrement() == 0 ? status(410, GONE) : null;

    source = connect(server.getPort());
    await(s -> gone.get() >= 1 && podsHealth(s) == Health.LIVE, Duration.ofSeconds(20));
    client.pods().inNamespace("serving").resource(pod("chat-b", "chat", "gpu-1", 4)).create();

    FleetState state =
        await(
            s -> cluster(s).pods().size() == 2 && podsHealth(s) == Health.LIVE,
            Duration.ofSeconds(20));
    assertThat(cluster(state).pods())
        .extracting(PodFacts::name)
        .containsExactly("chat-a", "chat-b");
    assertThat(cluster(state).status().state()).isEqualTo(ConnectionState.LIVE);
    // The informer listed again after the 410 instead of resuming from the expired version.
    assertThat(
            requests.stream()
                .filter(r -> r.startsWith("GET /api/v1/pods?"))
                .filter(r -> !r.contains("watch=true")))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aWatchThatKeepsFailingShowsThePodsAsStaleWithTheCauseAndRecovers() throws Exception {
    client.nodes().resource(gpuNode("gpu-1", "NVIDIA-H100-80GB-HBM3", 8)).create();
    client.pods().inNamespace("serving").resource(pod("chat-a", "chat", "gpu-1", 4)).create();
    AtomicInteger failedWatches = new AtomicInteger();
    fault =
        r -> {
          if (podsWatch(r)) {
            failedWatches.incrementAndGet();
            return status(500, LEADER_CHANGED);
          }
          return null;
        };
    source = connect(server.getPort());

    FleetState stale =
        await(
            s -> podsHealth(s) == Health.STALE && failedWatches.get() >= 2, Duration.ofSeconds(30));
    WatchState pods = cluster(stale).watch(ResourceKind.PODS).orElseThrow();
    assertThat(pods.detail())
        .startsWith("watch failed: the API server answered HTTP 500")
        .contains("retrying in");
    // What was listed stays on screen; the other kinds and the cluster are fine.
    assertThat(cluster(stale).pods()).extracting(PodFacts::name).containsExactly("chat-a");
    assertThat(cluster(stale).watch(ResourceKind.NODES).orElseThrow().health())
        .isEqualTo(Health.LIVE);
    assertThat(cluster(stale).status().state()).isEqualTo(ConnectionState.LIVE);

    // Meanwhile a pod goes away; once the watch works again the relist drops it.
    client.pods().inNamespace("serving").withName("chat-a").delete();
    fault = r -> null;
    FleetState recovered =
        await(
            s -> podsHealth(s) == Health.LIVE && cluster(s).pods().isEmpty(),
            Duration.ofSeconds(60));
    assertThat(cluster(recovered).watch(ResourceKind.PODS).orElseThrow().detail()).isEmpty();
  }

  @Test
  void anApiServerThatNeverAnswersIsReportedWhileTheOtherClusterLoads() throws Exception {
    client.nodes().resource(gpuNode("gpu-1", "NVIDIA-H100-80GB-HBM3", 8)).create();
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(blackHole.accept()); // accepted, never answered
                  }
                } catch (IOException closed) {
                  // test over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();

      long t0 = System.nanoTime();
      source = connect(server.getPort(), blackHole.getLocalPort());
      await(
          s -> cluster(s).status().state() == ConnectionState.LIVE && !cluster(s).nodes().isEmpty(),
          Duration.ofSeconds(20));
      long liveMillis = (System.nanoTime() - t0) / 1_000_000;

      FleetState state =
          await(
              s ->
                  s.cluster("silent").orElseThrow().status().state() == ConnectionState.UNREACHABLE,
              Duration.ofSeconds(30));
      ClusterState silent = state.cluster("silent").orElseThrow();
      assertThat(silent.status().cause()).contains("context 'silent'").contains("no answer from");
      // The silent cluster did not hold up the other one.
      assertThat(liveMillis).isLessThan(KubeconfigCatalog.REQUEST_TIMEOUT_MILLIS);
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static MockResponse status(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private Health podsHealth(FleetState s) {
    return cluster(s).watch(ResourceKind.PODS).map(WatchState::health).orElse(Health.SYNCING);
  }

  private static ClusterState cluster(FleetState s) {
    return s.cluster("mock").orElseThrow();
  }

  private Fabric8FleetSource connect(int port, int... silentPorts) throws Exception {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
    yaml.append("- name: c\n  cluster:\n    server: http://127.0.0.1:").append(port).append('\n');
    for (int p : silentPorts) {
      yaml.append("- name: s\n  cluster:\n    server: http://127.0.0.1:").append(p).append('\n');
    }
    yaml.append("users:\n- name: u\n  user:\n    token: secret-token\ncontexts:\n");
    yaml.append("- name: mock\n  context:\n    cluster: c\n    user: u\n");
    List<String> contexts = new ArrayList<>(List.of("mock"));
    if (silentPorts.length > 0) {
      yaml.append("- name: silent\n  context:\n    cluster: s\n    user: u\n");
      contexts.add("silent");
    }
    yaml.append("current-context: mock\n");
    Path file = dir.resolve("kubeconfig.yaml");
    Files.writeString(file, yaml);
    KubeconfigCatalog catalog = KubeconfigCatalog.load(List.of(file));
    return Fabric8FleetSource.connect(catalog, contexts, DataOrigin.CLUSTER, io, Clock.systemUTC());
  }

  private FleetState await(Predicate<FleetState> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
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
