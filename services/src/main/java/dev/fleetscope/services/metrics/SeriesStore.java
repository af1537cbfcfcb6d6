package dev.fleetscope.services.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counter series held in memory, for a source that has no Prometheus behind it (the demo fleet).
 * Each series is a function from time to its cumulative value, so a 30-day window costs two reads
 * however it is stored behind the function. Thread-safe: series may be added while others read.
 */
public final class SeriesStore {

  /** A cumulative counter: non-decreasing in time, read at any instant it covers. */
  @FunctionalInterface
  public interface Counter {
    double at(Instant t);
  }

  /** One series: its metric name, its labels (without {@code __name__}) and its values. */
  public record Series(String metric, Map<String, String> labels, Counter counter) {
    public Series {
      labels = Map.copyOf(labels);
    }

    /** How much the counter grew over (from, to]. */
    public double increase(Instant from, Instant to) {
      return Math.max(0, counter.at(to) - counter.at(from));
    }
  }

  private final Map<String, List<Series>> byMetric = new ConcurrentHashMap<>();
  private final String description;

  /**
   * @param description where the values come from, for panel footers
   */
  public SeriesStore(String description) {
    this.description = description;
  }

  public void add(String metric, Map<String, String> labels, Counter counter) {
    byMetric
        .computeIfAbsent(metric, m -> new CopyOnWriteArrayList<>())
        .add(new Series(metric, labels, counter));
  }

  /** Every series of one metric name (empty when the name is unknown). */
  public List<Series> series(String metric) {
    return List.copyOf(byMetric.getOrDefault(metric, List.of()));
  }

  public List<String> metrics() {
    return new ArrayList<>(byMetric.keySet());
  }

  public String describe() {
    return description;
  }
}
