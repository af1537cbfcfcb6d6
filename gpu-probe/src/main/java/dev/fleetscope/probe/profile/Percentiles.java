package dev.fleetscope.probe.profile;

import java.util.Arrays;

/** Median and tail of a set of timings (nearest-rank). */
public record Percentiles(int count, long median, long p99, long min, long max) {
  public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0);

  public static Percentiles of(long[] values, int count) {
    if (count == 0) {
      return EMPTY;
    }
    long[] v = Arrays.copyOf(values, count);
    Arrays.sort(v);
    return new Percentiles(count, rank(v, 0.5), rank(v, 0.99), v[0], v[count - 1]);
  }

  /** The nearest-rank quantile {@code q} (0..1] of the values; they are not changed. */
  public static long quantile(long[] values, double q) {
    if (values.length == 0) {
      return 0;
    }
    long[] v = values.clone();
    Arrays.sort(v);
    return rank(v, q);
  }

  private static long rank(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
