package dev.fleetscope.services.metrics;

import java.util.Arrays;

/**
 * A named series of values at instants, ready for a chart: times in epoch milliseconds, ascending;
 * NaN where there was no value. The arrays are owned by the series; do not change them.
 *
 * @param unit how the values read, e.g. {@code req/s}, {@code s}, {@code %}
 */
public record TimeSeries(String name, String unit, long[] timesMillis, double[] values) {
  public TimeSeries {
    if (timesMillis.length != values.length) {
      throw new IllegalArgumentException(
          name + ": " + timesMillis.length + " times but " + values.length + " values");
    }
  }

  public int size() {
    return values.length;
  }

  /** The last value that is not NaN, or NaN. */
  public double last() {
    for (int i = values.length - 1; i >= 0; i--) {
      if (!Double.isNaN(values[i])) {
        return values[i];
      }
    }
    return Double.NaN;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeSeries t
        && name.equals(t.name)
        && unit.equals(t.unit)
        && Arrays.equals(timesMillis, t.timesMillis)
        && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return name + " [" + values.length + " points, " + unit + "]";
  }
}
