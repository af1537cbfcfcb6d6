package dev.fleetscope.services.demo;

import java.util.Arrays;

/** A cumulative Prometheus-style histogram with fixed upper bounds, as a server would export. */
final class Histogram {
  private final double[] bounds;
  private final long[] counts;
  private long count;
  private double sum;

  Histogram(double... bounds) {
    this.bounds = bounds.clone();
    this.counts = new long[bounds.length];
  }

  void observe(double value, long times) {
    if (times <= 0) {
      return;
    }
    for (int i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        counts[i] += times;
        break;
      }
    }
    count += times;
    sum += value * times;
  }

  double[] bounds() {
    return bounds.clone();
  }

  /** Cumulative count of observations at or below each bound. */
  long[] cumulative() {
    long[] out = new long[counts.length];
    long running = 0;
    for (int i = 0; i < counts.length; i++) {
      running += counts[i];
      out[i] = running;
    }
    return out;
  }

  long count() {
    return count;
  }

  double sum() {
    return sum;
  }

  @Override
  public String toString() {
    return Arrays.toString(cumulative()) + " count=" + count;
  }
}
