package dev.fleetscope.services.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/** Serves the simulated fleet's metrics at {@code http://127.0.0.1:PORT/metrics}. */
final class DemoMetricsServer implements AutoCloseable {
  private final HttpServer server;

  DemoMetricsServer(Supplier<String> metrics, ExecutorService executor) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("demo metrics endpoint could not listen on 127.0.0.1", e);
    }
    server.createContext(
        "/metrics",
        exchange -> {
          try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
              exchange.sendResponseHeaders(405, -1);
              return;
            }
            byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
              os.write(body);
            }
          }
        });
    server.setExecutor(executor);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
