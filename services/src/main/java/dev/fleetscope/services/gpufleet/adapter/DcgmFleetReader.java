package dev.fleetscope.services.gpufleet.adapter;

import dev.fleetscope.services.gpufleet.DcgmReadings;
import dev.fleetscope.services.gpufleet.GpuReading;
import dev.fleetscope.services.metrics.PromSample;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.services.metrics.exposition.ExpositionParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads every GPU's DCGM figures: from Prometheus with one instant query over all the DCGM metrics,
 * or by scraping an exporter's /metrics directly when there is no Prometheus. A page that does not
 * parse fails the scrape with an {@link
 * dev.fleetscope.services.metrics.exposition.ExpositionFormatException} naming the line.
 */
public final class DcgmFleetReader {
  private DcgmFleetReader() {}

  /** One query for all fields of all GPUs at {@code at}. */
  public static List<GpuReading> fromPrometheus(PrometheusApi prometheus, Instant at) {
    String query = "{__name__=~\"" + String.join("|", DcgmReadings.METRICS) + "\"}";
    DcgmReadings r = new DcgmReadings();
    for (PromSample s : prometheus.instant(query, at).data()) {
      r.add(s.labels().getOrDefault("__name__", ""), s.labels(), s.value());
    }
    return r.readings();
  }

  /**
   * Since when each GPU held by a pod has been quiet (utilization under {@code percent}), from
   * Prometheus's history of {@code DCGM_FI_DEV_GPU_UTIL} over {@code lookback} before {@code at}:
   * the first sample after its last busy one, or the start of the lookback when it was quiet
   * throughout. One range query, at most 240 points per GPU. GPUs busy at their last sample, and
   * GPUs held by no pod, are left out.
   *
   * @return {@link GpuReading#holdingKey()} to the instant it went quiet
   */
  public static Map<String, Instant> quietSince(
      PrometheusApi prometheus, Instant at, Duration lookback, double percent) {
    Duration step = lookback.dividedBy(240);
    if (step.compareTo(Duration.ofSeconds(15)) < 0) {
      step = Duration.ofSeconds(15);
    }
    Map<String, Instant> out = new java.util.HashMap<>();
    for (dev.fleetscope.services.metrics.PromSeries s :
        prometheus.range("DCGM_FI_DEV_GPU_UTIL", at.minus(lookback), at, step).data()) {
      int n = s.size();
      if (n == 0 || !(s.values()[n - 1] < percent)) {
        continue;
      }
      DcgmReadings one = new DcgmReadings();
      one.add("DCGM_FI_DEV_GPU_UTIL", s.labels(), s.values()[n - 1]);
      GpuReading g = one.readings().get(0);
      if (!g.allocatedToPod()) {
        continue;
      }
      int i = n - 1;
      while (i > 0 && s.values()[i - 1] < percent) {
        i--;
      }
      out.put(g.holdingKey(), Instant.ofEpochMilli(s.timesMillis()[i]));
    }
    return out;
  }

  /**
   * Scrapes a DCGM exporter (or anything exposing DCGM metrics) and reads its GPUs.
   *
   * @param cluster set as the {@code cluster} label where the samples carry none
   */
  public static List<GpuReading> scrape(HttpClient http, URI metrics, String cluster)
      throws IOException, InterruptedException {
    HttpResponse<java.io.InputStream> response =
        http.send(
            HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() / 100 != 2) {
      response.body().close();
      throw new IOException("HTTP " + response.statusCode() + " from " + metrics);
    }
    DcgmReadings r = new DcgmReadings();
    read(response.body(), metrics.toString(), cluster, r);
    return r.readings();
  }

  /**
   * Reads one exporter page into {@code into}.
   *
   * @param source names the page in parse errors
   * @param cluster set as the {@code cluster} label where the samples carry none
   */
  static void read(java.io.InputStream page, String source, String cluster, DcgmReadings into)
      throws IOException {
    try (java.io.BufferedReader in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(page, java.nio.charset.StandardCharsets.UTF_8))) {
      ExpositionParser.parse(
          in,
          source,
          s -> {
            if (s.name().startsWith("DCGM_")) {
              Map<String, String> labels = s.labelMap();
              if (!cluster.isEmpty()) {
                labels.putIfAbsent("cluster", cluster);
              }
              into.add(s.name(), labels, s.value());
            }
          });
    }
  }
}
