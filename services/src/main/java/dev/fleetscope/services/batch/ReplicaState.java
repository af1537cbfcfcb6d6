package dev.fleetscope.services.batch;

import dev.fleetscope.services.cluster.InferenceEngine;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * One row of the replicas table: a replica's figures now, its judgement, and the recent waiting and
 * KV-cache values for sparklines (oldest first).
 */
public record ReplicaState(
    ReplicaKey key,
    InferenceEngine engine,
    String model,
    Instant scrapedAt,
    Map<Figure, Double> figures,
    Saturation.Verdict verdict,
    double[] recentWaiting,
    double[] recentKv) {

  public double figure(Figure f) {
    Double v = figures.get(f);
    return v == null ? Double.NaN : v;
  }

  static Map<Figure, Double> emptyFigures() {
    return new EnumMap<>(Figure.class);
  }
}
