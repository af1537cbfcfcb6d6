package dev.fleetscope.services.metrics.adapter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/**
 * A loopback HTTP(S) server that answers like Prometheus does, scripted per test, and records what
 * it was sent. For client behaviour a real Prometheus cannot be made to show on demand (a 503 then
 * a success, a body cut short, a slow answer); the real one is tested in PrometheusIntegrationTest.
 */
final class FakePrometheus implements AutoCloseable {

  record Received(
      String method,
      String path,
      String query,
      String body,
      String authorization,
      String acceptEncoding) {}

  record Answer(int status, String contentType, String body, boolean gzip, long delayMillis) {
    static Answer json(int status, String body) {
      return new Answer(status, "application/json", body, false, 0);
    }
  }

  interface Script {
    Answer answer(Received request, int index);
  }

  private final HttpServer server;
  final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Script script =
      (r, i) -> Answer.json(200, "{\"status\":\"success\",\"data\":[]}");

  private FakePrometheus(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  static FakePrometheus http() throws IOException {
    return new FakePrometheus(
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  static FakePrometheus https(SSLContext ctx, boolean needClientAuth) throws IOException {
    HttpsServer s =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.setHttpsConfigurator(
        new HttpsConfigurator(ctx) {
          @Override
          public void configure(HttpsParameters params) {
            var p = ctx.getDefaultSSLParameters();
            p.setNeedClientAuth(needClientAuth);
            params.setSSLParameters(p);
          }
        });
    return new FakePrometheus(s);
  }

  void script(Script s) {
    this.script = s;
  }

  URI url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Received r =
        new Received(
            x.getRequestMethod(),
            x.getRequestURI().getPath(),
            x.getRequestURI().getRawQuery(),
            body,
            x.getRequestHeaders().getFirst("Authorization"),
            x.getRequestHeaders().getFirst("Accept-Encoding"));
    received.add(r);
    Answer a = script.answer(r, received.size() - 1);
    try {
      if (a.delayMillis() > 0) {
        Thread.sleep(a.delayMillis());
      }
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", a.contentType());
      if (a.gzip()) {
        var buf = new java.io.ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(buf)) {
          gz.write(bytes);
        }
        bytes = buf.toByteArray();
        x.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      x.sendResponseHeaders(a.status(), bytes.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException | IOException e) {
      x.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
