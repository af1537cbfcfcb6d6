package dev.fleetscope.views.widgets;

import java.util.Arrays;
import java.util.Locale;

/**
 * Recent values of one figure for a sparkline cell, oldest first (NaN: no value then). Its text,
 * which search matches and export writes, is the last value and the range.
 */
public record Spark(double[] values, String unit) implements Comparable<Spark> {

  public double last() {
    for (int i = values.length - 1; i >= 0; i--) {
      if (!Double.isNaN(values[i])) {
        return values[i];
      }
    }
    return Double.NaN;
  }

  @Override
  public int compareTo(Spark o) {
    return Double.compare(
        Double.isNaN(last()) ? Double.NEGATIVE_INFINITY : last(),
        Double.isNaN(o.last()) ? Double.NEGATIVE_INFINITY : o.last());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Spark s && Arrays.equals(s.values, values) && s.unit.equals(unit);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (min > max) {
      return "";
    }
    return String.format(Locale.ROOT, "%.0f%s (%.0f–%.0f)", last(), unit, min, max);
  }
}
