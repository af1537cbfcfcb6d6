package dev.fleetscope.e2e;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode, plus what a real API server does for {@code
 * /api/v1/namespaces/NS/services/NAME:PORT/proxy/...} (and, for pods, {@code
 * pods/NAME:PORT/proxy/...}): forward the request (method, query, body, content headers; never the
 * caller's credentials) to the service's endpoint and pass the answer back as it came, or answer
 * with a {@code Status} of its own: 404 when the service does not exist, 503 when it has no
 * endpoints, 403 where RBAC denies {@code services/proxy}.
 */
final class ServiceProxyApiServer implements AutoCloseable {
  private static final Pattern PROXY =
      Pattern.compile(
          "/api/v1/namespaces/([^/]+)/services/(?:https:)?([^/:]+):([^/]+)/proxy(/[^?]*)?(\\?.*)?");

  private static final Pattern POD_PROXY =
      Pattern.compile(
          "/api/v1/namespaces/([^/]+)/pods/([^/:]+)(?::([^/]+))?/proxy(/[^?]*)?(\\?.*)?");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** "ns/name" → the endpoint's base URL, or empty for a service with no ready endpoint. */
  private final Map<String, Optional<URI>> endpoints = new ConcurrentHashMap<>();

  private final Set<String> proxyDenied = ConcurrentHashMap.newKeySet();
  private volatile boolean clusterListDenied;

  /** The Authorization header of every proxied request, as the API server received it. */
  final List<String> proxyAuthorizations = new CopyOnWriteArrayList<>();

  ServiceProxyApiServer() throws IOException {
    KubernetesMixedDispatcher dispatcher =
        new KubernetesMixedDispatcher(new HashMap<>()) {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            Matcher m = PROXY.matcher(path);
            if (m.matches()) {
              return proxy(request, m, "services", endpoints);
            }
            Matcher pod = POD_PROXY.matcher(path);
            if (pod.matches()) {
              return proxy(request, pod, "pods", pods);
            }
            if (clusterListDenied
                && "GET".equals(request.getMethod())
                && path.startsWith("/api/v1/services")) {
              return status(
                  403,
                  "Forbidden",
                  "services is forbidden: User \"oncall\" cannot list resource \"services\" in"
                      + " API group \"\" at the cluster scope");
            }
            return super.dispatch(request);
          }
        };
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
  }

  KubernetesClient client() {
    return client;
  }

  /** Creates the service object; {@code backend} empty means it has no ready endpoint. */
  void service(String namespace, String name, int port, String portName, Optional<URI> backend) {
    client
        .services()
        .inNamespace(namespace)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withName(portName)
                .withPort(port)
                .endPort()
                .endSpec()
                .build())
        .create();
    endpoints.put(namespace + "/" + name, backend);
  }

  /** "ns/pod" → what the pod serves on its port (the pod proxy forwards there). */
  private final Map<String, Optional<URI>> pods = new ConcurrentHashMap<>();

  /**
   * Creates a Running pod with these labels and a container port named {@code metrics}, whose
   * proxied requests go to {@code backend}.
   */
  void pod(String namespace, String name, Map<String, String> labels, int port, URI backend) {
    client
        .pods()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("exporter")
                .withImage("nvcr.io/nvidia/k8s/dcgm-exporter:4.2.3-4.1.3-ubuntu22.04")
                .addNewPort()
                .withName("metrics")
                .withContainerPort(port)
                .endPort()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build())
        .create();
    pods.put(namespace + "/" + name, Optional.of(backend));
  }

  void denyProxyIn(String namespace) {
    proxyDenied.add(namespace);
  }

  void denyClusterWideServiceList() {
    clusterListDenied = true;
  }

  /** A kubeconfig with one context, {@code context}, whose user carries a bearer token. */
  Path kubeconfig(Path file, String context, String token) throws IOException {
    return kubeconfig(file, client.getConfiguration().getMasterUrl(), context, token);
  }

  /** A kubeconfig for the API server at {@code server}: one context, a bearer-token user. */
  static Path kubeconfig(Path file, String server, String context, String token)
      throws IOException {
    Files.writeString(
        file,
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
            token: %s
        contexts:
        - name: %s
          context:
            cluster: c
            user: u
        current-context: %s
        """
            .formatted(server, token, context, context));
    return file;
  }

  /** What the API server does for {@code RESOURCE/NAME:PORT/proxy/...} of a service or pod. */
  private MockResponse proxy(
      RecordedRequest request, Matcher m, String resource, Map<String, Optional<URI>> targets) {
    String namespace = m.group(1);
    String name = m.group(2);
    proxyAuthorizations.add(String.valueOf(request.getHeader("Authorization")));
    if (proxyDenied.contains(namespace)) {
      return status(
          403,
          "Forbidden",
          resource
              + " \""
              + name
              + "\" is forbidden: User \"oncall\" cannot get resource \""
              + resource
              + "/proxy\" in API group \"\" in the namespace \""
              + namespace
              + "\"");
    }
    Optional<URI> backend = targets.get(namespace + "/" + name);
    if (backend == null) {
      return status(404, "NotFound", resource + " \"" + name + "\" not found");
    }
    if (backend.isEmpty()) {
      return status(
          503, "ServiceUnavailable", "no endpoints available for service \"" + name + "\"");
    }
    String rest = m.group(4) == null ? "/" : m.group(4);
    String query = m.group(5) == null ? "" : m.group(5);
    String base = backend.get().toString().replaceAll("/$", "");
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + rest + query));
    for (String h : List.of("Accept", "Accept-Encoding", "Content-Type")) {
      String v = request.getHeader(h);
      if (v != null) {
        b.header(h, v);
      }
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    b.method(
        request.getMethod(),
        body.length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      MockResponse out = new MockResponse().setResponseCode(r.statusCode()).setBody(r.body());
      for (String h : List.of("Content-Type", "Content-Encoding")) {
        r.headers().firstValue(h).ifPresent(v -> out.setHeader(h, v));
      }
      return out;
    } catch (IOException e) {
      return status(503, "ServiceUnavailable", "error trying to reach service: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return status(503, "ServiceUnavailable", "interrupted");
    }
  }

  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":"
                + io.fabric8.kubernetes.client.utils.Serialization.asJson(message)
                + ",\"reason\":\""
                + reason
                + "\",\"code\":"
                + code
                + "}");
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
