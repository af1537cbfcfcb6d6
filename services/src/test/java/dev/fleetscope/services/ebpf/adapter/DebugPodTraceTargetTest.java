package dev.fleetscope.services.ebpf.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscope.services.common.AuditLog;
import dev.fleetscope.services.ebpf.HistSeries;
import dev.fleetscope.services.ebpf.TraceAggregator;
import dev.fleetscope.services.ebpf.TraceEnd;
import dev.fleetscope.services.ebpf.TraceRun;
import dev.fleetscope.services.ebpf.TraceStartException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debug pod's life against fabric8's mock API server in CRUD mode: the spec it is created with,
 * its log streamed into the trace, and its deletion when the trace ends, is cancelled or fails. Log
 * responses are served by the dispatcher (CRUD mode has no logs).
 */
class DebugPodTraceTargetTest {
  static final String NS = "fleetscope-debug";
  static final String SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);

  KubernetesMockServer server;
  KubernetesClient client;
  final AtomicReference<MockResponse> logResponse = new AtomicReference<>();
  final List<String> execPaths = new java.util.concurrent.CopyOnWriteArrayList<>();
  final java.util.concurrent.CountDownLatch logRequested =
      new java.util.concurrent.CountDownLatch(1);
  AuditLog audit;

  @BeforeEach
  void start(@TempDir Path dir) {
    Map<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
        responses = new HashMap<>();
    KubernetesMixedDispatcher dispatcher =
        new KubernetesMixedDispatcher(responses) {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getPath().contains("/exec")) {
              execPaths.add(request.getPath());
            }
            if (request.getPath().contains("/log") && logResponse.get() != null) {
              logRequested.countDown();
              return logResponse.get();
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
    audit = new AuditLog(dir.resolve("audit.jsonl"));
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  void rbac(boolean allowed) {
    server
        .expect()
        .post()
        .withPath(SSAR)
        .andReturn(
            201,
            new SelfSubjectAccessReviewBuilder()
                .withNewStatus()
                .withAllowed(allowed)
                .endStatus()
                .build())
        .always();
  }

  DebugPodTraceTarget target() {
    return new DebugPodTraceTarget(
        client,
        "prod",
        "gpu-a-01",
        new DebugPodTraceTarget.Options(NS, "example.org/bpftrace:v0.21", "ana@laptop", 20),
        audit,
        CLOCK);
  }

  Pod awaitPod() throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      List<Pod> pods = client.pods().inNamespace(NS).list().getItems();
      if (!pods.isEmpty()) {
        return pods.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no debug pod was created");
  }

  void markRunning(Pod pod) {
    pod.setStatus(new PodStatusBuilder().withPhase("Running").build());
    client.pods().inNamespace(NS).resource(pod).updateStatus();
  }

  List<Pod> pods() {
    return client.pods().inNamespace(NS).list().getItems();
  }

  @Test
  void createsTheDebugPodStreamsItsLogAndDeletesItAtTheEnd() throws Exception {
    rbac(true);
    logResponse.set(
        new MockResponse()
            .setResponseCode(200)
            .setBody(
                "Attaching 6 probes...\n"
                    + "{\"type\": \"attached_probes\", \"data\": {\"probes\": 6}}\n"
                    + "{\"type\": \"time\", \"data\": \"08:00:01\\n\"}\n"
                    + "{\"type\": \"hist\", \"data\": {\"@runq_us\": [{\"min\": 4, \"max\": 7,"
                    + " \"count\": 31}]}}\n"
                    + "{\"type\": \"printf\", \"data\": \"ev=runq t=9 pid=4242 tid=4243 cg=77"
                    + " lat_us=15000 cpu=3 comm=python3\\n\"}\n"));
    TraceAggregator agg =
        new TraceAggregator(new TraceAggregator.Settings(1000, 10, HistSeries.HistMode.INTERVAL));
    TraceRun run = target().start("BEGIN { exit(); }", 30, agg, null);
    Pod pod = awaitPod();

    assertThat(pod.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "fleetscope")
        .containsEntry("fleetscope.dev/role", "trace")
        .containsEntry("fleetscope.dev/node", "gpu-a-01");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("fleetscope.dev/owner", "ana@laptop");
    var spec = pod.getSpec();
    assertThat(spec.getHostPID()).isTrue();
    assertThat(spec.getNodeSelector()).containsEntry("kubernetes.io/hostname", "gpu-a-01");
    assertThat(spec.getTolerations())
        .anySatisfy(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
    assertThat(spec.getRestartPolicy()).isEqualTo("Never");
    assertThat(spec.getActiveDeadlineSeconds()).isGreaterThan(30L);
    var c = spec.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("example.org/bpftrace:v0.21");
    assertThat(c.getSecurityContext().getPrivileged()).isTrue();
    assertThat(String.join(" ", c.getCommand())).contains("exec bpftrace -f json -e");
    assertThat(c.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("FLEETSCOPE_PROGRAM");
              assertThat(e.getValue()).isEqualTo("BEGIN { exit(); }");
            });

    markRunning(pod);
    // bpftrace exits once its output is written, as a kubelet would report it.
    assertThat(logRequested.await(20, TimeUnit.SECONDS)).isTrue();
    Pod running = client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
    running.setStatus(
        new PodStatusBuilder()
            .withPhase("Succeeded")
            .addNewContainerStatus()
            .withName("bpftrace")
            .withNewState()
            .withNewTerminated()
            .withExitCode(0)
            .endTerminated()
            .endState()
            .endContainerStatus()
            .build());
    client.pods().inNamespace(NS).resource(running).updateStatus();
    TraceEnd end = run.done().get(30, TimeUnit.SECONDS);
    assertThat(end.ok()).as(end.message()).isTrue();
    TraceAggregator.Summary s = agg.summary();
    assertThat(s.attachedProbes()).isEqualTo(6);
    assertThat(s.histograms().get(0).count()).isEqualTo(31);
    assertThat(s.events()).isEqualTo(1);
    assertThat(s.badLines()).isZero(); // "Attaching 6 probes..." is stderr in the log
    assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("Attaching 6 probes"));
    assertThat(pods()).isEmpty();
    assertThat(audit.lines())
        .hasSize(2)
        .satisfies(
            l -> {
              assertThat(l.get(0)).contains("create debug pod", "\"outcome\":\"ok\"", NS);
              assertThat(l.get(1)).contains("delete debug pod", "\"outcome\":\"ok\"");
            });
  }

  @Test
  void whileATraceRunsTheNodesProcessesAreAttributedThroughTheDebugPod() throws Exception {
    rbac(true);
    // The log stays open until the run is cancelled: the run is live meanwhile. (Longer than two
    // exec upgrade timeouts of 10 s: the client can lose a socket the mock closes at once.)
    logResponse.set(
        new MockResponse()
            .setResponseCode(200)
            .setBody("{\"type\": \"attached_probes\", \"data\": {\"probes\": 1}}\n")
            .setBodyDelay(60, TimeUnit.SECONDS));
    DebugPodTraceTarget target = target();
    TraceRun run =
        target.start("BEGIN { }", 30, new TraceAggregator(TraceAggregator.Settings.DEFAULT), null);
    Pod pod = awaitPod();
    markRunning(pod);
    String script =
        "for p in 4242 4343; do printf '%s ' $p; grep -m1 '^0::' /proc/$p/cgroup 2>/dev/null ||"
            + " echo; done";
    String path =
        "/api/v1/namespaces/"
            + NS
            + "/pods/"
            + pod.getMetadata().getName()
            + "/exec?command=sh&command=-c&command="
            + java.net.URLEncoder.encode(script, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20")
            + "&container=bpftrace&stdout=true";
    // The first exec loses its output (the socket closes with nothing written): tried again.
    server
        .expect()
        .get()
        .withPath(path)
        .andUpgradeToWebSocket()
        .open(new io.fabric8.kubernetes.client.server.mock.StatusMessage(0))
        .done()
        .once();
    server
        .expect()
        .get()
        .withPath(path)
        .andUpgradeToWebSocket()
        .open(
            new io.fabric8.kubernetes.client.server.mock.OutputStreamMessage(
                "4242 0::/kubepods.slice/kubepods-pod0f6a2c1e_3b7d_4e58_9a10_5c2d7e8f9a01.slice/cri-containerd-"
                    + "a".repeat(64)
                    + ".scope\n4343 \n"),
            new io.fabric8.kubernetes.client.server.mock.StatusMessage(0))
        .done()
        .always();
    assertThat(logRequested.await(20, TimeUnit.SECONDS)).isTrue();
    var table = target.processTable();
    table.prefetch(List.of(4343, 4242));
    assertThat(execPaths).as("exec requests").hasSizeGreaterThan(1).allMatch(path::equals);
    assertThat(table.cgroupOf(4242))
        .hasValueSatisfying(
            p -> assertThat(p).endsWith("cri-containerd-" + "a".repeat(64) + ".scope"));
    assertThat(table.cgroupOf(4343)).isEmpty();
    // The log's response is still held back: the cancel ends the run without it.
    run.cancel();
    assertThat(run.done().get(10, TimeUnit.SECONDS).message()).isEqualTo("Cancelled.");
    assertThat(pods()).isEmpty();
  }

  @Test
  void cgroupLinesFromTheNodeAreRead() {
    assertThat(DebugPodTraceTarget.parseCgroups("12 0::/a/b\n13 \nnoise\n14 0::/\n"))
        .containsEntry(12, "/a/b")
        .containsEntry(13, "")
        .containsEntry(14, "/")
        .hasSize(3);
  }

  @Test
  void cancellingBeforeThePodRunsDeletesIt() throws Exception {
    rbac(true);
    TraceRun run =
        target()
            .start("BEGIN { }", 30, new TraceAggregator(TraceAggregator.Settings.DEFAULT), null);
    awaitPod();
    run.cancel();
    TraceEnd end = run.done().get(30, TimeUnit.SECONDS);
    assertThat(end.message()).startsWith("Cancelled");
    assertThat(pods()).isEmpty();
  }

  @Test
  void aFailingLogStreamEndsTheRunAndDeletesThePod() throws Exception {
    rbac(true);
    logResponse.set(
        new MockResponse()
            .setResponseCode(500)
            .setBody("{\"kind\":\"Status\",\"message\":\"kubelet unreachable\"}"));
    TraceRun run =
        target()
            .start("BEGIN { }", 30, new TraceAggregator(TraceAggregator.Settings.DEFAULT), null);
    markRunning(awaitPod());
    TraceEnd end = run.done().get(30, TimeUnit.SECONDS);
    assertThat(end.ok()).isFalse();
    assertThat(end.message()).startsWith("Streaming from the debug pod failed");
    assertThat(pods()).isEmpty();
  }

  @Test
  void anImageThatCannotBePulledIsNamedAndThePodDeleted() throws Exception {
    rbac(true);
    TraceRun run =
        target()
            .start("BEGIN { }", 30, new TraceAggregator(TraceAggregator.Settings.DEFAULT), null);
    Pod pod = awaitPod();
    pod.setStatus(
        new PodStatusBuilder()
            .withPhase("Pending")
            .addNewContainerStatus()
            .withName("bpftrace")
            .withNewState()
            .withNewWaiting()
            .withReason("ImagePullBackOff")
            .withMessage("pull access denied")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .build());
    client.pods().inNamespace(NS).resource(pod).updateStatus();
    TraceEnd end = run.done().get(30, TimeUnit.SECONDS);
    assertThat(end.ok()).isFalse();
    assertThat(end.message())
        .contains("ImagePullBackOff", "example.org/bpftrace:v0.21", "pull access denied");
    assertThat(pods()).isEmpty();
  }

  @Test
  void withoutRbacNothingIsCreatedAndTheMessageSaysWhatIsMissing() {
    rbac(false);
    DebugPodTraceTarget t = target();
    assertThat(t.unavailable())
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("gpu-a-01", "prod", "create pods", "pods/exec", "namespace " + NS));
    assertThatThrownBy(
            () ->
                t.start(
                    "BEGIN { }", 30, new TraceAggregator(TraceAggregator.Settings.DEFAULT), null))
        .isInstanceOf(TraceStartException.class);
    assertThat(pods()).isEmpty();
    assertThat(audit.lines()).isEmpty();
  }

  @Test
  void leftoversOfACrashedConsoleAreFoundAndCleanedUp() {
    Pod leftover = target().podFor("BEGIN { }", 30, "12345678-aaaa-bbbb-cccc-000000000000");
    client.pods().inNamespace(NS).resource(leftover).create();
    client
        .pods()
        .inNamespace(NS)
        .resource(new PodBuilder().withNewMetadata().withName("unrelated").endMetadata().build())
        .create();
    List<Pod> found = DebugPodTraceTarget.leftovers(client);
    assertThat(found)
        .extracting(p -> p.getMetadata().getName())
        .containsExactly(leftover.getMetadata().getName());
    assertThat(DebugPodTraceTarget.cleanUp(client, "prod", found, audit, CLOCK)).isEqualTo(1);
    assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactly("unrelated");
    assertThat(audit.lines()).singleElement().asString().contains("delete leftover debug pod");
  }
}
