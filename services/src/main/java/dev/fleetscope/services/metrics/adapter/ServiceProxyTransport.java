package dev.fleetscope.services.metrics.adapter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fleetscope.services.metrics.PrometheusException;
import dev.fleetscope.services.metrics.PrometheusException.Kind;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Prometheus through the Kubernetes API server's service proxy, on a client built from the user's
 * kubeconfig configuration (its credentials, token refresh and TLS settings stay inside fabric8).
 * The API server answers some failures itself, as a {@code Status} object (no endpoints, access
 * denied, no such service); those are told apart from Prometheus's own error bodies and named.
 */
final class ServiceProxyTransport implements PromTransport {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ServiceProxyTransport.class);

  /** Error bodies read to tell an API server Status from Prometheus's own errors. */
  private static final int ERROR_BODY_LIMIT = 64 * 1024;

  private final KubernetesClient own;
  private final PrometheusService service;
  private final String context;
  private final Duration timeout;
  private final String base;

  ServiceProxyTransport(
      KubernetesClient client, PrometheusService service, String context, Duration timeout) {
    // Retries are the Prometheus client's (idempotent reads only, with its own budget), so the
    // Kubernetes client's own backoff is off.
    this.own = dev.fleetscope.services.cluster.adapter.KubeClients.withRetries(client, 0, 100);
    this.service = service;
    this.context = context;
    this.timeout = timeout;
    String master = own.getMasterUrl().toString();
    this.base =
        (master.endsWith("/") ? master.substring(0, master.length() - 1) : master)
            + service.proxyPath();
  }

  @Override
  public String describe() {
    return service.shown()
        + (service.install().isEmpty() ? "" : " (" + service.install() + ")")
        + " through the API server of "
        + context;
  }

  @Override
  public void close() {
    own.close();
  }

  @Override
  public Reply send(String path, String form) {
    HttpClient http = own.getHttpClient();
    HttpRequest.Builder b =
        http.newHttpRequestBuilder()
            .uri(base + path)
            .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .header("Accept", "application/json")
            .header("Accept-Encoding", "gzip")
            .header("User-Agent", "fleetscope");
    if (form != null) {
      b.post("application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<InputStream> response = null;
    for (int attempt = 1; response == null; attempt++) {
      CompletableFuture<HttpResponse<InputStream>> pending =
          http.sendAsync(b.build(), InputStream.class);
      try {
        response = pending.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        pending.cancel(true);
        throw new PrometheusException(
            Kind.TIMEOUT,
            "",
            0,
            describe() + " did not answer within " + PrometheusHttpClient.seconds(timeout),
            e);
      } catch (ExecutionException e) {
        if (attempt == 1 && closedBeforeAnswer(e.getCause())) {
          // A kept-alive connection the server had already closed: a new one is tried once,
          // whatever the caller's retry budget (a discovery probe has none).
          LOG.debug("{}: connection closed before an answer; trying a new one", describe());
          continue;
        }
        throw failure(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PrometheusException(Kind.TIMEOUT, "", 0, "interrupted", e);
      }
    }
    int status = response.code();
    String type = header(response, "Content-Type");
    String encoding = header(response, "Content-Encoding");
    if (status < 400 || encoding.equalsIgnoreCase("gzip") || !type.contains("json")) {
      return new Reply(status, type, encoding, response.body());
    }
    byte[] head;
    try (InputStream body = response.body()) {
      head = body.readNBytes(ERROR_BODY_LIMIT);
    } catch (IOException e) {
      throw new PrometheusException(
          Kind.UNAVAILABLE, "", status, "reading the answer of " + describe() + " failed: " + e, e);
    }
    String apiServerMessage = statusMessage(head);
    if (apiServerMessage != null) {
      throw apiServerRefusal(status, apiServerMessage);
    }
    return new Reply(status, type, encoding, new ByteArrayInputStream(head));
  }

  private static String header(HttpResponse<?> response, String name) {
    String v = response.header(name);
    return v == null ? "" : v;
  }

  /** What the API server said, when the body is a Kubernetes {@code Status}; else null. */
  static String statusMessage(byte[] body) {
    String kind = null;
    String message = "";
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if ("kind".equals(field)) {
          kind = p.getValueAsString();
        } else if ("message".equals(field)) {
          message = p.getValueAsString("");
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      return null;
    }
    return "Status".equals(kind) ? message : null;
  }

  private PrometheusException apiServerRefusal(int status, String message) {
    String server = "the API server of " + context;
    return switch (status) {
      case 401 ->
          new PrometheusException(
              Kind.UNAUTHORIZED,
              "",
              status,
              server + " refused the kubeconfig's credentials",
              null);
      case 403 ->
          new PrometheusException(
              Kind.UNAUTHORIZED,
              "",
              status,
              server
                  + " denied the proxy to "
                  + service.shown()
                  + " (it needs get on services/proxy in namespace "
                  + service.namespace()
                  + "): "
                  + message,
              null);
      case 404 ->
          new PrometheusException(
              Kind.BAD_REQUEST,
              "",
              status,
              "no service "
                  + service.namespace()
                  + "/"
                  + service.name()
                  + " in "
                  + context
                  + ": "
                  + message,
              null);
      case 503 ->
          new PrometheusException(
              Kind.UNAVAILABLE,
              "",
              status,
              server + " cannot reach " + service.shown() + ": " + message,
              null);
      default ->
          new PrometheusException(
              status >= 500 ? Kind.UNAVAILABLE : Kind.BAD_REQUEST,
              "",
              status,
              server + " answered HTTP " + status + " for " + service.shown() + ": " + message,
              null);
    };
  }

  /**
   * True when the connection broke before any answer: an I/O failure that is neither a refused
   * connection, nor TLS, nor a timeout.
   */
  static boolean closedBeforeAnswer(Throwable cause) {
    boolean io = false;
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof SSLException
          || t instanceof TimeoutException
          || t instanceof java.net.SocketTimeoutException) {
        return false;
      }
      io |= t instanceof IOException;
    }
    return io;
  }

  private PrometheusException failure(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof ConnectException || root instanceof SSLException) {
        break;
      }
      root = root.getCause();
    }
    String server = "the API server of " + context + " (" + own.getMasterUrl() + ")";
    if (root instanceof ConnectException) {
      return new PrometheusException(
          Kind.UNAVAILABLE, "", 0, "cannot connect to " + server + ": " + root.getMessage(), cause);
    }
    if (root instanceof SSLException) {
      return new PrometheusException(
          Kind.UNAVAILABLE, "", 0, "TLS with " + server + " failed: " + root.getMessage(), cause);
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return new PrometheusException(
        Kind.UNAVAILABLE, "", 0, "cannot reach " + describe() + ": " + text, cause);
  }
}
