package dev.fleetscope.services.metrics.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.metrics.MetricsSourceStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback: a /metrics endpoint and a Prometheus build-info. */
class HttpMetricsProbeTest {

  @Test
  void countsSeriesOfAScrapeTargetAndReadsPrometheusVersionWithoutCredentialsInTheUrl()
      throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics", x -> respond(x, "# HELP a x\n# TYPE a gauge\na 1\nb{c=\"d\"} 2\n"));
    var authorization = new java.util.concurrent.atomic.AtomicReference<String>();
    server.createContext(
        "/api/v1/status/buildinfo",
        x -> {
          authorization.set(x.getRequestHeaders().getFirst("Authorization"));
          respond(x, "{\"status\":\"success\",\"data\":{\"version\":\"2.53.0\"}}");
        });
    server.start();
    ScheduledExecutorService io = Executors.newScheduledThreadPool(1);
    int port = server.getAddress().getPort();
    try (HttpMetricsProbe scrape =
            HttpMetricsProbe.scrape(
                URI.create("http://127.0.0.1:" + port + "/metrics"),
                DataOrigin.DIRECT_SCRAPE,
                io,
                Clock.systemUTC());
        HttpMetricsProbe prom =
            HttpMetricsProbe.prometheus(
                URI.create("http://sre:hunter2@127.0.0.1:" + port), io, Clock.systemUTC())) {
      MetricsSourceStatus s = await(scrape);
      assertThat(s.reachable()).isTrue();
      assertThat(s.detail()).isEqualTo("2 series");
      MetricsSourceStatus p = await(prom);
      assertThat(p.detail()).isEqualTo("Prometheus 2.53.0");
      assertThat(p.url()).doesNotContain("hunter2").doesNotContain("sre:");
      // User info in the URL is sent as basic auth, not dropped.
      assertThat(authorization.get()).isEqualTo("Basic c3JlOmh1bnRlcjI=");
    } finally {
      io.shutdownNow();
      server.stop(0);
    }
  }

  @Test
  void anUnreachableSourceSaysSo() throws Exception {
    ScheduledExecutorService io = Executors.newScheduledThreadPool(1);
    try (HttpMetricsProbe probe =
        HttpMetricsProbe.prometheus(URI.create("http://127.0.0.1:1"), io, Clock.systemUTC())) {
      MetricsSourceStatus s = await(probe);
      assertThat(s.reachable()).isFalse();
      assertThat(s.detail()).contains("cannot connect to http://127.0.0.1:1");
    } finally {
      io.shutdownNow();
    }
  }

  private static MetricsSourceStatus await(HttpMetricsProbe probe) throws InterruptedException {
    for (int i = 0; i < 200 && probe.status().checkedAt() == null; i++) {
      Thread.sleep(25);
    }
    return probe.status();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange x, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(200, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }
}
