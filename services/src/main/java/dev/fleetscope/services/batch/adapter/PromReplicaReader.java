package dev.fleetscope.services.batch.adapter;

import dev.fleetscope.services.batch.EngineMetrics;
import dev.fleetscope.services.batch.ReplicaScrape;
import dev.fleetscope.services.batch.ScrapeRound;
import dev.fleetscope.services.metrics.PromResult;
import dev.fleetscope.services.metrics.PromSample;
import dev.fleetscope.services.metrics.PromSeries;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.services.metrics.PrometheusException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads every replica's batching metrics from Prometheus: one instant query over all the engines'
 * metric names each round, and at the start one range query that fills the history Prometheus
 * already has. Series must carry {@code namespace} and {@code pod} labels (as Kubernetes service
 * discovery adds them); {@code cluster} too where one Prometheus serves several clusters.
 */
public final class PromReplicaReader {
  private final PrometheusApi prometheus;

  public PromReplicaReader(PrometheusApi prometheus) {
    this.prometheus = prometheus;
  }

  static String query() {
    return "{__name__=~\"" + String.join("|", EngineMetrics.names()) + "\"}";
  }

  public String describe() {
    return prometheus.describe();
  }

  public ScrapeRound read(Instant at) {
    try {
      PromResult<List<PromSample>> r = prometheus.instant(query(), at);
      EngineMetrics.Readings readings = new EngineMetrics.Readings(null, "", at);
      for (PromSample s : r.data()) {
        Map<String, String> labels = s.labels();
        readings.add(
            labels.getOrDefault("__name__", ""), k -> labels.getOrDefault(k, ""), s.value());
      }
      return new ScrapeRound(at, readings.scrapes(), Map.of(), r.warnings());
    } catch (PrometheusException e) {
      return new ScrapeRound(
          at, List.of(), Map.of(), List.of(prometheus.describe() + ": " + e.getMessage()));
    }
  }

  /**
   * The rounds Prometheus holds for {@code from..to} at {@code step}, oldest first (to seed the
   * history so the tables and timelines have a past from the first second).
   */
  public List<ScrapeRound> history(Instant from, Instant to, Duration step) {
    PromResult<List<PromSeries>> r = prometheus.range(query(), from, to, step);
    TreeMap<Long, EngineMetrics.Readings> byTime = new TreeMap<>();
    for (PromSeries s : r.data()) {
      Map<String, String> labels = s.labels();
      String name = labels.getOrDefault("__name__", "");
      for (int i = 0; i < s.size(); i++) {
        long t = s.timesMillis()[i];
        byTime
            .computeIfAbsent(t, k -> new EngineMetrics.Readings(null, "", Instant.ofEpochMilli(k)))
            .add(name, k -> labels.getOrDefault(k, ""), s.values()[i]);
      }
    }
    List<ScrapeRound> out = new ArrayList<>(byTime.size());
    byTime.forEach(
        (t, readings) -> {
          List<ReplicaScrape> scrapes = readings.scrapes();
          out.add(new ScrapeRound(Instant.ofEpochMilli(t), scrapes, Map.of(), List.of()));
        });
    return out;
  }
}
