package dev.fleetscope.services.demo;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated cluster's Kubernetes API: fabric8's mock server in CRUD mode, listening on
 * 127.0.0.1 only. Lists, gets, watches (so informers) and patches behave as on a real API server,
 * so the console reads the demo through the same client code as a real cluster. This class adds
 * what the mock lacks and clients need: API discovery (so kubectl works against the demo) and pod
 * logs.
 */
final class DemoApiServer implements AutoCloseable {
  /**
   * The mock server logs every request at INFO through java.util.logging. JUL keeps loggers weakly,
   * so the level only sticks while this reference holds the logger.
   */
  private static final Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

  private static final Logger CRUD_LOG = quiet("io.fabric8.kubernetes.client.server.mock");

  private volatile KubernetesMockServer server;

  private static final int RECENT_REQUESTS = 1_000;
  private final java.util.ArrayDeque<String> recentRequests = new java.util.ArrayDeque<>();

  /** Closes the mock server's watches off its event loop (see {@link WatchCloser}). */
  private final WatchCloser watchCloser;

  private final KubernetesClient client;

  private final IndexedCrudDispatcher dispatcher;

  /** Where demo pods' logs come from: (pod, tailLines) → lines. */
  interface Logs {
    List<String> tail(String pod, int lines);
  }

  /** Where demo pods' /metrics pages come from: pod → page, or empty when not serving. */
  interface PodMetrics {
    Optional<String> page(String pod);
  }

  private static final Pattern PROXY_METRICS_PATH =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/:]+)(:\\d+)?/proxy/metrics(\\?.*)?");

  private static final Pattern LOG_PATH =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log(\\?.*)?");

  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private static final String ACCESS_REVIEWS =
      "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

  private volatile boolean writesDenied;

  void setWritesDenied(boolean denied) {
    writesDenied = denied;
  }

  /**
   * Answers a SelfSubjectAccessReview as an API server with RBAC would: the demo user may read
   * everything and, unless writes are denied, change it.
   */
  private MockResponse accessReview(RecordedRequest request) {
    io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview review =
        Serialization.unmarshal(
            new String(request.getBody().getBytes(), StandardCharsets.UTF_8),
            io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview.class);
    String verb =
        review.getSpec() != null && review.getSpec().getResourceAttributes() != null
            ? review.getSpec().getResourceAttributes().getVerb()
            : "get";
    boolean write = List.of("create", "update", "patch", "delete").contains(verb);
    boolean allowed = !(write && writesDenied);
    review.setStatus(
        new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder()
            .withAllowed(allowed)
            .withReason(
                allowed ? "demo: allowed" : "demo-viewer is bound to the view ClusterRole only")
            .build());
    return new MockResponse()
        .setResponseCode(201)
        .setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(review));
  }

  private final DemoDiscovery discovery = new DemoDiscovery();

  DemoApiServer(Logs logs, PodMetrics podMetrics) {
    IndexedCrudDispatcher crud =
        new IndexedCrudDispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            recent(request.getMethod() + " " + path);
            if ("GET".equals(request.getMethod())) {
              Matcher m = LOG_PATH.matcher(path);
              if (m.matches()) {
                return log(logs, m.group(2), m.group(3));
              }
              Matcher proxy = PROXY_METRICS_PATH.matcher(path);
              if (proxy.matches()) {
                return podMetrics(podMetrics, proxy.group(2));
              }
              Optional<String> document = discovery.document(path);
              if (document.isPresent()) {
                return new MockResponse()
                    .setResponseCode(200)
                    .setHeader("Content-Type", "application/json")
                    .setBody(document.get());
              }
            }
            if ("POST".equals(request.getMethod()) && path.startsWith(ACCESS_REVIEWS)) {
              return accessReview(request);
            }
            if ("POST".equals(request.getMethod()) && path.startsWith(CRDS)) {
              // Read before the mock consumes the body.
              recordCrd(request);
            }
            return watchCloser.wrap(super.dispatch(request));
          }
        };
    dispatcher = crud;
    watchCloser = new WatchCloser(crud);
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), crud, false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new UncheckedIOException(e);
    }
    client = server.createClient();
  }

  /**
   * Keeps the last requests' lines for tests, and empties the mock server's own record of every
   * request it served: it keeps them all (with their bodies) for {@code takeRequest}, which the
   * demo never calls, so a demo fleet grew by every request it answered (15,841 after a minute of
   * the batch demo).
   */
  private void recent(String line) {
    synchronized (recentRequests) {
      if (recentRequests.size() == RECENT_REQUESTS) {
        recentRequests.removeFirst();
      }
      recentRequests.addLast(line);
    }
    KubernetesMockServer s = server;
    if (s == null) {
      return;
    }
    try {
      while (s.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // dropped
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lookups of one named object its index answered without a scan (tests). */
  long answeredByIndex() {
    return dispatcher.answeredByIndex();
  }

  /** The mock server itself (for tests). */
  KubernetesMockServer mock() {
    return server;
  }

  /** The method and path of the last requests served, oldest first. */
  List<String> recentRequests() {
    synchronized (recentRequests) {
      return List.copyOf(recentRequests);
    }
  }

  private void recordCrd(RecordedRequest request) {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            new String(request.getBody().getBytes(), StandardCharsets.UTF_8),
            CustomResourceDefinition.class);
    if (crd != null && crd.getSpec() != null) {
      discovery.crdCreated(crd);
    }
  }

  /**
   * The mock server has no log endpoint; this one answers with the simulator's lines. It does not
   * stream: a followed log ends after the tail (the console says the stream ended).
   */
  private static MockResponse log(Logs logs, String pod, String query) {
    int tail = 500;
    Matcher t = Pattern.compile("[?&]tailLines=(\\d+)").matcher(query == null ? "" : query);
    if (t.find()) {
      tail = Integer.parseInt(t.group(1));
    }
    List<String> lines = logs.tail(pod, Math.min(tail, 5_000));
    if (lines.isEmpty()) {
      return new MockResponse()
          .setResponseCode(400)
          .setBody(
              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                  + "\"message\":\"container is not running\",\"reason\":\"BadRequest\","
                  + "\"code\":400}");
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "text/plain")
        .setBody(String.join("\n", lines) + "\n");
  }

  /** The API server's pod proxy, for a pod's /metrics: the simulator's page for that pod. */
  private static MockResponse podMetrics(PodMetrics metrics, String pod) {
    Optional<String> page = metrics.page(pod);
    if (page.isEmpty()) {
      return new MockResponse()
          .setResponseCode(503)
          .setHeader("Content-Type", "text/plain")
          .setBody("error trying to reach service: pod " + pod + " is not serving\n");
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .setBody(page.get());
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.WARNING);
    return logger;
  }

  /** The API server URL, e.g. {@code http://127.0.0.1:41234}. */
  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The writer's client (used by the simulator mirror, never by the console). */
  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (RuntimeException e) {
      // The mock server may time out closing open watches; the process is going away anyway.
      MOCK_SERVER_LOG.fine("demo API server did not close cleanly: " + e);
    }
    watchCloser.close();
    // Keep the static references alive for as long as the class is loaded.
    MOCK_SERVER_LOG.finest("demo API server closed");
    CRUD_LOG.finest("demo API server closed");
  }
}
