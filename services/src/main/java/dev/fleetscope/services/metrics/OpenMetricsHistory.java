package dev.fleetscope.services.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongToDoubleFunction;

/**
 * Writes counter histories in the OpenMetrics text format for {@code promtool tsdb
 * create-blocks-from openmetrics}: one sample per step per series, timestamps in seconds, ending
 * with {@code # EOF}. Each counter is given as its exact cumulative count at any second, so the
 * values are computed, not accumulated step by step, and carry no rounding drift.
 */
public final class OpenMetricsHistory {
  private final long startSeconds;
  private final long endSeconds;
  private final long stepSeconds;
  private final List<Series> series = new ArrayList<>();

  private record Series(
      String name, Map<String, String> labels, LongToDoubleFunction cumulative, long resetAfter) {}

  public OpenMetricsHistory(long startSeconds, long endSeconds, long stepSeconds) {
    if (endSeconds <= startSeconds || stepSeconds <= 0) {
      throw new IllegalArgumentException("need start < end and a positive step");
    }
    this.startSeconds = startSeconds;
    this.endSeconds = endSeconds;
    this.stepSeconds = stepSeconds;
  }

  /**
   * Adds a counter.
   *
   * @param cumulative events counted from the start up to a second (non-decreasing)
   */
  public OpenMetricsHistory counter(
      String name, Map<String, String> labels, LongToDoubleFunction cumulative) {
    return counter(name, labels, cumulative, Long.MIN_VALUE);
  }

  /**
   * Adds a counter whose process restarts just after the sample at {@code resetAfter}: later
   * samples count from zero again, as a restarted exporter's would.
   */
  public OpenMetricsHistory counter(
      String name, Map<String, String> labels, LongToDoubleFunction cumulative, long resetAfter) {
    series.add(new Series(name, new TreeMap<>(labels), cumulative, resetAfter));
    return this;
  }

  public void write(Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Series s : series) {
        String prefix = s.name() + labels(s.labels()) + " ";
        double base =
            s.resetAfter() == Long.MIN_VALUE ? 0 : s.cumulative().applyAsDouble(s.resetAfter());
        for (long t = startSeconds; t <= endSeconds; t += stepSeconds) {
          double v = s.cumulative().applyAsDouble(t);
          if (t > s.resetAfter()) {
            v -= base;
          }
          out.write(prefix);
          out.write(Double.toString(v));
          out.write(' ');
          out.write(Long.toString(t));
          out.write('\n');
        }
      }
      out.write("# EOF\n");
    }
  }

  private static String labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    labels.forEach(
        (k, v) -> {
          if (b.length() > 1) {
            b.append(',');
          }
          b.append(k)
              .append("=\"")
              .append(v.replace("\\", "\\\\").replace("\"", "\\\""))
              .append('"');
        });
    return b.append('}').toString();
  }

  /**
   * A piecewise-constant rate, given as a base rate and later changes, with its exact integral.
   * {@code Rate.of(10).from(t1, 2).from(t2, 0)} is 10/s until t1, 2/s until t2, then 0.
   */
  public static final class Rate implements LongToDoubleFunction {
    private final List<Long> starts = new ArrayList<>();
    private final List<Double> rates = new ArrayList<>();

    private Rate(long origin, double base) {
      starts.add(origin);
      rates.add(base);
    }

    /** Counting from {@code origin} (seconds) at {@code perSecond}. */
    public static Rate of(long origin, double perSecond) {
      return new Rate(origin, perSecond);
    }

    public Rate from(long second, double perSecond) {
      if (second <= starts.get(starts.size() - 1)) {
        throw new IllegalArgumentException("rate changes must be in time order");
      }
      starts.add(second);
      rates.add(perSecond);
      return this;
    }

    /** Events from the origin up to {@code t}. */
    @Override
    public double applyAsDouble(long t) {
      double total = 0;
      for (int i = 0; i < starts.size(); i++) {
        long a = starts.get(i);
        long b = i + 1 < starts.size() ? starts.get(i + 1) : Long.MAX_VALUE;
        if (t <= a) {
          break;
        }
        total += rates.get(i) * (Math.min(t, b) - a);
      }
      return total;
    }

    /** Events in the window (t - seconds, t]. */
    public double between(long from, long to) {
      return applyAsDouble(to) - applyAsDouble(from);
    }
  }
}
