package dev.fleetscope.services.batch;

import dev.fleetscope.services.cluster.InferenceEngine;
import java.time.Instant;

/**
 * What one replica reported at one instant, by {@link Signal} ({@code NaN} where its engine does
 * not report a signal).
 */
public record ReplicaScrape(
    ReplicaKey key, InferenceEngine engine, String model, Instant at, double[] values) {

  public double get(Signal s) {
    return values[s.ordinal()];
  }

  public boolean has(Signal s) {
    return !Double.isNaN(values[s.ordinal()]);
  }

  /** KV-cache use as a fraction: reported directly, or used blocks over all blocks. */
  public double kvUsage() {
    if (has(Signal.KV_USAGE)) {
      return get(Signal.KV_USAGE);
    }
    double max = get(Signal.KV_BLOCKS_MAX);
    return max > 0 ? get(Signal.KV_BLOCKS_USED) / max : Double.NaN;
  }
}
