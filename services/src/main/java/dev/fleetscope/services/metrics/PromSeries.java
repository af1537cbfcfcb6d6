package dev.fleetscope.services.metrics;

import java.util.Map;

/**
 * One series of a range query: its labels and parallel arrays of sample times (epoch millis) and
 * values. Arrays rather than sample objects, because a range query can return millions of points.
 */
public record PromSeries(Map<String, String> labels, long[] timesMillis, double[] values) {
  public PromSeries {
    labels = Map.copyOf(labels);
    if (timesMillis.length != values.length) {
      throw new IllegalArgumentException("times and values differ in length");
    }
  }

  public int size() {
    return values.length;
  }
}
