package dev.fleetscope.services.batch;

import dev.fleetscope.services.cluster.InferenceEngine;
import dev.fleetscope.services.metrics.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scrapes of one replica, oldest first, at most {@code capacity} of them (a ring: the oldest
 * goes when a new one comes). Counters become rates between scrapes; a counter lower than before
 * means the server restarted, and the increase is the new value (as Prometheus's {@code rate}
 * counts it).
 */
public final class ReplicaHistory {
  private final ReplicaScrape[] ring;
  private int start;
  private int size;

  public ReplicaHistory(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("a history needs room for two scrapes");
    }
    ring = new ReplicaScrape[capacity];
  }

  /** Adds a scrape; one not newer than the latest is ignored. */
  public synchronized void add(ReplicaScrape s) {
    if (size > 0 && !s.at().isAfter(at(size - 1).at())) {
      return;
    }
    if (size < ring.length) {
      ring[(start + size++) % ring.length] = s;
    } else {
      ring[start] = s;
      start = (start + 1) % ring.length;
    }
  }

  public synchronized int size() {
    return size;
  }

  private ReplicaScrape at(int i) {
    return ring[(start + i) % ring.length];
  }

  public synchronized ReplicaScrape latest() {
    return size == 0 ? null : at(size - 1);
  }

  public synchronized List<ReplicaScrape> scrapes() {
    List<ReplicaScrape> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(at(i));
    }
    return out;
  }

  /**
   * How much a counter grew from {@code a} to {@code b}, counting a reset as a restart from zero.
   */
  static double increase(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.NaN;
    }
    return b >= a ? b - a : b;
  }

  /**
   * A figure at scrape {@code b}, with rates over {@code a..b}: the mean of what happened between
   * the two scrapes (NaN where the engine does not report it or nothing happened to average).
   */
  static double figure(Figure f, ReplicaScrape a, ReplicaScrape b) {
    switch (f) {
      case RUNNING:
        return b.get(Signal.RUNNING);
      case WAITING:
        return b.get(Signal.WAITING);
      case KV_CACHE:
        return b.kvUsage() * 100;
      default:
        break;
    }
    if (f == Figure.BATCH_TOKENS && b.has(Signal.BATCH_TOKENS)) {
      return b.get(Signal.BATCH_TOKENS);
    }
    if (f == Figure.GENERATION_RATE
        && b.has(Signal.GEN_THROUGHPUT)
        && !b.has(Signal.GENERATION_TOKENS)) {
      return b.get(Signal.GEN_THROUGHPUT);
    }
    if (a == null) {
      return Double.NaN;
    }
    double seconds = Duration.between(a.at(), b.at()).toMillis() / 1000.0;
    if (seconds <= 0) {
      return Double.NaN;
    }
    return switch (f) {
      case PREEMPTIONS -> perSecond(a, b, Signal.PREEMPTIONS, seconds);
      case PROMPT_RATE -> perSecond(a, b, Signal.PROMPT_TOKENS, seconds);
      case GENERATION_RATE -> perSecond(a, b, Signal.GENERATION_TOKENS, seconds);
      case BATCH_TOKENS -> mean(a, b, Signal.ITERATION_TOKENS_SUM, Signal.ITERATION_TOKENS_COUNT);
      case QUEUE_TIME -> mean(a, b, Signal.QUEUE_SECONDS_SUM, Signal.QUEUE_COUNT);
      case PREFILL_TIME -> mean(a, b, Signal.PREFILL_SECONDS_SUM, Signal.PREFILL_COUNT);
      case DECODE_TIME -> mean(a, b, Signal.DECODE_SECONDS_SUM, Signal.DECODE_COUNT);
      default -> Double.NaN;
    };
  }

  private static double perSecond(ReplicaScrape a, ReplicaScrape b, Signal s, double seconds) {
    return increase(a.get(s), b.get(s)) / seconds;
  }

  private static double mean(ReplicaScrape a, ReplicaScrape b, Signal sum, Signal count) {
    double n = increase(a.get(count), b.get(count));
    return n > 0 ? increase(a.get(sum), b.get(sum)) / n : Double.NaN;
  }

  /**
   * A figure now: gauges from the latest scrape, rates over the last {@code window} (from the
   * newest scrape at least that old, or the oldest kept).
   */
  public synchronized double now(Figure f, Duration window) {
    if (size == 0) {
      return Double.NaN;
    }
    ReplicaScrape b = at(size - 1);
    ReplicaScrape a = null;
    Instant from = b.at().minus(window);
    for (int i = size - 2; i >= 0; i--) {
      a = at(i);
      if (!a.at().isAfter(from)) {
        break;
      }
    }
    if (a != null && hasReset(a, b)) {
      a = at(size - 2);
    }
    return figure(f, a, b);
  }

  /** Whether any counter went down between {@code a} and {@code b} with scrapes in between. */
  private boolean hasReset(ReplicaScrape a, ReplicaScrape b) {
    for (Signal s : Signal.values()) {
      if (s.counter() && a.has(s) && b.has(s) && b.get(s) < a.get(s)) {
        return true;
      }
    }
    return false;
  }

  /** A figure at every scrape (rates between consecutive scrapes), for charts and sparklines. */
  public synchronized TimeSeries series(Figure f, String name) {
    long[] times = new long[size];
    double[] values = new double[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      ReplicaScrape b = at(i);
      double v = figure(f, i == 0 ? null : at(i - 1), b);
      if (!Double.isNaN(v)) {
        times[n] = b.at().toEpochMilli();
        values[n++] = v;
      }
    }
    return new TimeSeries(
        name, f.unit(), java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(values, n));
  }

  public synchronized InferenceEngine engine() {
    return size == 0 ? InferenceEngine.OTHER : at(size - 1).engine();
  }
}
