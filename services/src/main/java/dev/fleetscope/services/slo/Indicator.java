package dev.fleetscope.services.slo;

import java.util.List;

/**
 * What an SLO measures. The first four are Pyrra's indicator kinds and are planned by Fleetscope
 * from selectors; the last two carry the user's own PromQL (Sloth), with {@code {{.window}}} where
 * the window goes.
 */
public sealed interface Indicator {

  /** Labels each result is split by (one SLO status per distinct value set). */
  List<String> grouping();

  Indicator withGrouping(List<String> grouping);

  /** Bad events over all events: two counters. */
  record Ratio(Selector errors, Selector total, List<String> grouping) implements Indicator {
    public Ratio {
      grouping = List.copyOf(grouping);
    }

    @Override
    public Ratio withGrouping(List<String> g) {
      return new Ratio(errors, total, g);
    }
  }

  /** Good events over all events: two counters (OpenSLO's ratioMetric with good). */
  record GoodRatio(Selector good, Selector total, List<String> grouping) implements Indicator {
    public GoodRatio {
      grouping = List.copyOf(grouping);
    }

    @Override
    public GoodRatio withGrouping(List<String> g) {
      return new GoodRatio(good, total, g);
    }
  }

  /**
   * Requests faster than a threshold: {@code success} is the histogram bucket at {@code le} =
   * threshold, {@code total} its {@code _count}.
   */
  record Latency(Selector success, Selector total, double thresholdSeconds, List<String> grouping)
      implements Indicator {
    public Latency {
      grouping = List.copyOf(grouping);
    }

    @Override
    public Latency withGrouping(List<String> g) {
      return new Latency(success, total, thresholdSeconds, g);
    }
  }

  /** Requests faster than a threshold, from a native histogram. */
  record LatencyNative(Selector total, double thresholdSeconds, List<String> grouping)
      implements Indicator {
    public LatencyNative {
      grouping = List.copyOf(grouping);
    }

    @Override
    public LatencyNative withGrouping(List<String> g) {
      return new LatencyNative(total, thresholdSeconds, g);
    }
  }

  /** A 0/1 gauge (for example probe_success): each sample is one event, 1 is good. */
  record BoolGauge(Selector metric, List<String> grouping) implements Indicator {
    public BoolGauge {
      grouping = List.copyOf(grouping);
    }

    @Override
    public BoolGauge withGrouping(List<String> g) {
      return new BoolGauge(metric, g);
    }
  }

  /**
   * Sloth's {@code events}: the user's error and total queries, usually per-second rates; the ratio
   * is what counts, and events are estimated as rate times window for the low-traffic guard.
   *
   * @param grouping labels added to the queries' own aggregations (by a split); empty as written
   */
  record EventQueries(String errorQuery, String totalQuery, List<String> grouping)
      implements Indicator {
    public EventQueries {
      grouping = List.copyOf(grouping);
    }

    public EventQueries(String errorQuery, String totalQuery) {
      this(errorQuery, totalQuery, List.of());
    }

    /**
     * The queries with each new label added to every aggregation in them.
     *
     * @throws IllegalArgumentException when a query cannot take a label ({@code without}, or no
     *     aggregation at all)
     */
    @Override
    public EventQueries withGrouping(List<String> g) {
      String errors = errorQuery;
      String total = totalQuery;
      for (String label : g) {
        if (!grouping.contains(label)) {
          errors = PromqlGrouping.addLabel(errors, label);
          total = PromqlGrouping.addLabel(total, label);
        }
      }
      return new EventQueries(errors, total, g);
    }
  }

  /**
   * Sloth's {@code raw}: a query that gives the error ratio itself; no event counts.
   *
   * @param grouping labels added to the query's own aggregations (by a split); empty as written
   */
  record RawErrorRatio(String errorRatioQuery, List<String> grouping) implements Indicator {
    public RawErrorRatio {
      grouping = List.copyOf(grouping);
    }

    public RawErrorRatio(String errorRatioQuery) {
      this(errorRatioQuery, List.of());
    }

    /** As {@link EventQueries#withGrouping}. */
    @Override
    public RawErrorRatio withGrouping(List<String> g) {
      String q = errorRatioQuery;
      for (String label : g) {
        if (!grouping.contains(label)) {
          q = PromqlGrouping.addLabel(q, label);
        }
      }
      return new RawErrorRatio(q, g);
    }
  }
}
