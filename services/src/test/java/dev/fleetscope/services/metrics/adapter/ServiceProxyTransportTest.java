package dev.fleetscope.services.metrics.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetscope.services.metrics.PrometheusException;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service proxy's answer to a connection that the API server closes before it answers (a
 * kept-alive connection it had already dropped): one new connection is tried, even by a client with
 * no retries of its own, and only one. The server here is a plain socket, so each connection is
 * seen and closed exactly when the test says.
 */
class ServiceProxyTransportTest {
  static final String BUILD_INFO =
      "{\"status\":\"success\",\"data\":{\"version\":\"2.53.0\",\"revision\":\"x\"}}";

  ServerSocket socket;
  Thread serving;
  KubernetesClient client;
  final AtomicInteger connections = new AtomicInteger();
  final List<String> requestLines = new CopyOnWriteArrayList<>();

  /** Closes the first {@code dropped} connections after reading their request; answers the rest. */
  void serve(int dropped) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    serving =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                  int n = connections.incrementAndGet();
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                  String line = in.readLine();
                  requestLines.add(line);
                  while (line != null && !line.isEmpty()) {
                    line = in.readLine();
                  }
                  if (n <= dropped) {
                    continue;
                  }
                  byte[] body = BUILD_INFO.getBytes(StandardCharsets.UTF_8);
                  OutputStream out = s.getOutputStream();
                  out.write(
                      ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                              + body.length
                              + "\r\nConnection: close\r\n\r\n")
                          .getBytes(StandardCharsets.ISO_8859_1));
                  out.write(body);
                  out.flush();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "fake-api-server");
    serving.setDaemon(true);
    serving.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + socket.getLocalPort())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
  }

  PrometheusHttpClient prometheus() {
    return PrometheusHttpClient.throughServiceProxy(
        client,
        PrometheusService.parse("monitoring/prometheus-k8s:9090"),
        "prod",
        Duration.ofSeconds(5),
        1);
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (socket != null) {
      socket.close();
    }
  }

  @Test
  void aConnectionClosedBeforeTheAnswerIsTriedOnceMoreOnANewOne() throws IOException {
    serve(1);
    PrometheusHttpClient api = prometheus();
    assertThat(api.buildInfo().version()).isEqualTo("2.53.0");
    assertThat(connections).hasValue(2);
    assertThat(requestLines)
        .hasSize(2)
        .allMatch(
            l ->
                l.startsWith(
                    "GET /api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy/api/v1/status/buildinfo"));
    api.close();
  }

  @Test
  void aServerThatKeepsClosingIsNamedAfterTheOneRetry() throws IOException {
    serve(Integer.MAX_VALUE);
    PrometheusHttpClient api = prometheus();
    PrometheusException e = catchThrowableOfType(api::buildInfo, PrometheusException.class);
    assertThat(e.kind()).isEqualTo(PrometheusException.Kind.UNAVAILABLE);
    assertThat(e.getMessage())
        .startsWith("cannot reach monitoring/prometheus-k8s:9090")
        .contains("through the API server of prod");
    assertThat(connections).hasValue(2);
    api.close();
  }

  @Test
  void refusedConnectionsAndTimeoutsAreNotTakenForAClosedOne() {
    assertThat(
            ServiceProxyTransport.closedBeforeAnswer(
                new IOException("wrapped", new java.net.ConnectException("refused"))))
        .isFalse();
    assertThat(
            ServiceProxyTransport.closedBeforeAnswer(
                new RuntimeException(new java.net.SocketTimeoutException("read timed out"))))
        .isFalse();
    assertThat(
            ServiceProxyTransport.closedBeforeAnswer(
                new RuntimeException(new IOException("Connection was closed"))))
        .isTrue();
    assertThat(ServiceProxyTransport.closedBeforeAnswer(new IllegalStateException("bug")))
        .isFalse();
  }
}
