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
    try (java.io.BufferedReader in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                response.body(), java.nio.charset.StandardCharsets.UTF_8))) {
      ExpositionParser.parse(
          in,
          metrics.toString(),
          s -> {
            if (s.name().startsWith("DCGM_")) {
              Map<String, String> labels = s.labelMap();
              if (!cluster.isEmpty()) {
                labels.putIfAbsent("cluster", cluster);
              }
              r.add(s.name(), labels, s.value());
            }
          });
    }
    return r.readings();
  }
}
