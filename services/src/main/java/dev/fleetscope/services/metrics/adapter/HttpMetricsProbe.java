package dev.fleetscope.services.metrics.adapter;

import dev.fleetscope.services.common.ChangeSignal;
import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.metrics.MetricsSourceHealth;
import dev.fleetscope.services.metrics.MetricsSourceStatus;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.services.metrics.PrometheusException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a metrics source every few seconds: Prometheus through {@code /api/v1/status/buildinfo}, a
 * /metrics endpoint by fetching it.
 */
public final class HttpMetricsProbe implements MetricsSourceHealth, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpMetricsProbe.class);
  static final long PERIOD_MILLIS = 10_000;

  private final URI target;
  private final PrometheusApi prometheus; // null for a scrape target
  private final DataOrigin origin;
  private final String shownUrl;
  private final HttpClient http;
  private final Clock clock;
  private final ChangeSignal changes = new ChangeSignal();
  private final ScheduledFuture<?> task;
  private volatile MetricsSourceStatus status;

  private HttpMetricsProbe(URI base, DataOrigin origin, ScheduledExecutorService io, Clock clock) {
    this(
        base,
        origin == DataOrigin.PROMETHEUS
            ? new PrometheusHttpClient(
                PrometheusEndpoint.fromUrl(base)
                    .withTimeout(Duration.ofSeconds(5))
                    .withMaxAttempts(1))
            : null,
        withoutUserInfo(base),
        origin,
        io,
        clock);
  }

  private HttpMetricsProbe(
      URI target,
      PrometheusApi prometheus,
      String shown,
      DataOrigin origin,
      ScheduledExecutorService io,
      Clock clock) {
    this.origin = origin;
    this.clock = clock;
    this.shownUrl = shown;
    this.target = target;
    this.prometheus = prometheus;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.status = new MetricsSourceStatus(origin, shownUrl, false, "checking", -1, null);
    this.task = io.scheduleWithFixedDelay(this::check, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  public static HttpMetricsProbe prometheus(URI url, ScheduledExecutorService io, Clock clock) {
    return new HttpMetricsProbe(url, DataOrigin.PROMETHEUS, io, clock);
  }

  /**
   * Prometheus reached some other way than by URL (through the API server's service proxy): its
   * build info, through {@code api}, every few seconds.
   */
  public static HttpMetricsProbe prometheus(
      PrometheusApi api, ScheduledExecutorService io, Clock clock) {
    return new HttpMetricsProbe(null, api, api.describe(), DataOrigin.PROMETHEUS, io, clock);
  }

  /** A /metrics endpoint scraped directly; origin DEMO when it is the demo fleet's. */
  public static HttpMetricsProbe scrape(
      URI url, DataOrigin origin, ScheduledExecutorService io, Clock clock) {
    return new HttpMetricsProbe(url, origin, io, clock);
  }

  private void check() {
    long t0 = System.nanoTime();
    MetricsSourceStatus next;
    if (prometheus != null) {
      try {
        String version = "Prometheus " + prometheus.buildInfo().version();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        next =
            new MetricsSourceStatus(origin, shownUrl, true, version.strip(), ms, clock.instant());
      } catch (PrometheusException e) {
        next = failed(e.getMessage());
      }
      publish(next);
      return;
    }
    try {
      // Stream the body: a large fleet's /metrics runs to megabytes, and only a count is kept.
      HttpResponse<java.util.stream.Stream<String>> response =
          http.send(
              HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofLines());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      try (java.util.stream.Stream<String> lines = response.body()) {
        if (response.statusCode() / 100 != 2) {
          next = failed("HTTP " + response.statusCode() + " from " + shownUrl);
        } else {
          long series = lines.filter(l -> !l.startsWith("#") && !l.isBlank()).count();
          next =
              new MetricsSourceStatus(
                  origin, shownUrl, true, series + " series", ms, clock.instant());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      next =
          failed(
              "cannot reach "
                  + shownUrl
                  + " ("
                  + e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : ": " + e.getMessage())
                  + ")");
    }
    publish(next);
  }

  private void publish(MetricsSourceStatus next) {
    if (!next.reachable() && status.reachable()) {
      LOG.warn("metrics source not answering: {}", next.detail());
    }
    status = next;
    changes.fire();
  }

  private MetricsSourceStatus failed(String cause) {
    return new MetricsSourceStatus(origin, shownUrl, false, cause, -1, clock.instant());
  }

  @Override
  public MetricsSourceStatus status() {
    return status;
  }

  @Override
  public Subscription onChange(Runnable listener) {
    return changes.subscribe(listener);
  }

  @Override
  public void close() {
    task.cancel(true);
  }

  /** Shown and logged URLs never carry user:password. */
  static String withoutUserInfo(URI uri) {
    if (uri.getUserInfo() == null) {
      return uri.toString();
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", "");
  }
}
