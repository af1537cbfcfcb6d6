package dev.fleetscope.services.slo;

import dev.fleetscope.services.metrics.PromSeries;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.services.metrics.SeriesStore;
import dev.fleetscope.services.metrics.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds an SLO's trends (budget over time, requests, errors, latency percentiles) from counter
 * increases per time step. Every series is asked for once, as non-overlapping step increases, and
 * the SLO window's rolling sums are formed here: a 30-day budget over a week costs one range query
 * of about 900 steps per counter, not one 30-day {@code increase()} per point.
 */
public final class SloHistory {
  /** Budget points over the SLO window: the budget step is at least window / this. */
  static final int BUDGET_STEPS_PER_WINDOW = 720;

  /** Step increases of counters, from Prometheus or from memory. Calls block. */
  public interface StepSource {
    /**
     * The summed increase of the selected counters over each of {@code steps} consecutive steps,
     * the first ending at {@code firstEnd}; NaN where a step has no data.
     */
    double[] increases(Selector selector, Instant firstEnd, Duration step, int steps);

    /** As {@link #increases}, split by the values of one label (the histogram's {@code le}). */
    Map<String, double[]> increasesBy(
        Selector selector, String label, Instant firstEnd, Duration step, int steps);

    /**
     * A Sloth query with {@code {{.window}}}: its per-second rate over each step, times the step.
     */
    double[] templateIncreases(String template, Instant firstEnd, Duration step, int steps);

    String describe();
  }

  private final StepSource source;

  public SloHistory(StepSource source) {
    this.source = source;
  }

  public String describe() {
    return source.describe();
  }

  /**
   * The trends of one SLO (one group of it) between {@code from} and {@code to}, with about {@code
   * points} points for the RED series.
   */
  public SloTrends trends(SloResult result, Instant from, Instant to, int points) {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("the time range is empty: " + from + " to " + to);
    }
    SloSpec spec = result.spec();
    List<String> notes = new ArrayList<>();
    Terms terms = Terms.of(spec.indicator(), result.group());
    long rangeSeconds = Duration.between(from, to).toSeconds();
    Duration step = Duration.ofSeconds(Math.max(60, ceilDiv(rangeSeconds, Math.max(2, points))));
    int n = (int) Math.max(1, ceilDiv(rangeSeconds, step.toSeconds()));
    Instant firstEnd = from.plus(step);
    TimeSeries requests;
    TimeSeries errors;
    TimeSeries budget;
    List<TimeSeries> latency = new ArrayList<>();
    if (terms == null) {
      notes.add(
          spec.indicator().getClass().getSimpleName()
              + " indicators have no request counts to chart");
      double[] none = new double[0];
      requests = new TimeSeries("requests", "req/s", new long[0], none);
      errors = new TimeSeries("errors", "req/s", new long[0], none);
      budget = new TimeSeries("budget remaining", "%", new long[0], none);
      return new SloTrends(from, to, budget, requests, errors, latency, notes);
    }
    double[] total = terms.total(source, firstEnd, step, n);
    double[] bad = terms.bad(source, total, firstEnd, step, n);
    long[] times = new long[n];
    double[] reqRate = new double[n];
    double[] errRate = new double[n];
    double seconds = step.toSeconds();
    for (int i = 0; i < n; i++) {
      times[i] = firstEnd.plus(step.multipliedBy(i)).toEpochMilli();
      reqRate[i] = total[i] / seconds;
      errRate[i] = bad[i] / seconds;
    }
    requests = new TimeSeries("requests", "req/s", times, reqRate);
    errors =
        new TimeSeries(
            spec.indicator() instanceof Indicator.Latency ? "slower than threshold" : "errors",
            "req/s",
            times,
            errRate);
    budget = budget(terms, spec, from, to, step);
    if (spec.indicator() instanceof Indicator.Latency l) {
      latency.addAll(quantiles(l, result.group(), firstEnd, step, n, times));
    } else {
      notes.add("latency percentiles are shown for latency SLIs with a classic histogram");
    }
    return new SloTrends(from, to, budget, requests, errors, latency, notes);
  }

  private TimeSeries budget(Terms terms, SloSpec spec, Instant from, Instant to, Duration step) {
    long windowSeconds = spec.window().toSeconds();
    long bstepSeconds = Math.max(step.toSeconds(), ceilDiv(windowSeconds, BUDGET_STEPS_PER_WINDOW));
    Duration bstep = Duration.ofSeconds(bstepSeconds);
    int m = (int) ceilDiv(windowSeconds, bstepSeconds);
    int points = (int) ceilDiv(Duration.between(from, to).toSeconds(), bstepSeconds) + 1;
    int steps = m - 1 + points;
    // The points end exactly at `to`, so the last one is the budget the list shows.
    Instant firstPoint = to.minus(bstep.multipliedBy(points - 1L));
    Instant firstEnd = firstPoint.minus(bstep.multipliedBy(m - 1L));
    double[] total = terms.total(source, firstEnd, bstep, steps);
    double[] bad = terms.bad(source, total, firstEnd, bstep, steps);
    double budget = 1 - spec.objective();
    long[] times = new long[points];
    double[] left = new double[points];
    double sumTotal = 0;
    double sumBad = 0;
    for (int k = 0; k < steps; k++) {
      sumTotal += zeroIfNaN(total[k]);
      sumBad += zeroIfNaN(bad[k]);
      if (k >= m) {
        sumTotal -= zeroIfNaN(total[k - m]);
        sumBad -= zeroIfNaN(bad[k - m]);
      }
      int j = k - (m - 1);
      if (j >= 0) {
        times[j] = firstPoint.plus(bstep.multipliedBy(j)).toEpochMilli();
        double ratio = sumTotal > 0 ? Math.min(1, Math.max(0, sumBad / sumTotal)) : Double.NaN;
        left[j] = 1 - ratio / budget;
      }
    }
    return new TimeSeries("budget remaining", "ratio", times, left);
  }

  private List<TimeSeries> quantiles(
      Indicator.Latency l,
      Map<String, String> group,
      Instant firstEnd,
      Duration step,
      int n,
      long[] times) {
    Selector buckets = restrict(l.success().without("le"), group);
    Map<String, double[]> byLe = source.increasesBy(buckets, "le", firstEnd, step, n);
    TreeMap<Double, double[]> sorted = new TreeMap<>();
    byLe.forEach(
        (le, v) -> {
          try {
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            sorted.merge(bound, v, SloHistory::plus);
          } catch (NumberFormatException ignored) {
            // not a bucket series
          }
        });
    List<TimeSeries> out = new ArrayList<>();
    for (double q : new double[] {0.5, 0.9, 0.99}) {
      double[] v = new double[n];
      double[] bounds = sorted.keySet().stream().mapToDouble(Double::doubleValue).toArray();
      double[] counts = new double[bounds.length];
      for (int i = 0; i < n; i++) {
        int b = 0;
        for (double[] c : sorted.values()) {
          counts[b++] = c[i];
        }
        v[i] = histogramQuantile(q, bounds, counts);
      }
      out.add(new TimeSeries("p" + Math.round(q * 100), "s", times, v));
    }
    return out;
  }

  /**
   * The q-quantile of a cumulative histogram, as Prometheus's {@code histogram_quantile}: linear
   * interpolation inside the bucket that holds the rank, the lowest bucket starting at 0, and the
   * upper bound of the last finite bucket when the rank falls in {@code +Inf}.
   */
  public static double histogramQuantile(double q, double[] bounds, double[] cumulative) {
    int n = bounds.length;
    if (n < 2 || !Double.isInfinite(bounds[n - 1])) {
      return Double.NaN;
    }
    double total = cumulative[n - 1];
    if (!(total > 0)) {
      return Double.NaN;
    }
    double rank = q * total;
    int b = 0;
    while (b < n - 1 && cumulative[b] < rank) {
      b++;
    }
    if (b == n - 1) {
      return bounds[n - 2];
    }
    double lower = b == 0 ? 0 : bounds[b - 1];
    double below = b == 0 ? 0 : cumulative[b - 1];
    double inBucket = cumulative[b] - below;
    if (!(inBucket > 0)) {
      return bounds[b];
    }
    return lower + (bounds[b] - lower) * (rank - below) / inBucket;
  }

  /** The counters an indicator is made of, restricted to one group. */
  private record Terms(
      Selector badSel, Selector goodSel, Selector totalSel, String badQ, String totalQ) {
    static Terms of(Indicator ind, Map<String, String> group) {
      if (ind instanceof Indicator.Ratio r) {
        return new Terms(restrict(r.errors(), group), null, restrict(r.total(), group), null, null);
      }
      if (ind instanceof Indicator.GoodRatio g) {
        return new Terms(null, restrict(g.good(), group), restrict(g.total(), group), null, null);
      }
      if (ind instanceof Indicator.Latency l) {
        return new Terms(
            null, restrict(SloQueryPlan.bucket(l), group), restrict(l.total(), group), null, null);
      }
      if (ind instanceof Indicator.EventQueries e) {
        return new Terms(null, null, null, e.errorQuery(), e.totalQuery());
      }
      return null;
    }

    double[] total(StepSource s, Instant firstEnd, Duration step, int n) {
      return totalSel != null
          ? s.increases(totalSel, firstEnd, step, n)
          : s.templateIncreases(totalQ, firstEnd, step, n);
    }

    double[] bad(StepSource s, double[] total, Instant firstEnd, Duration step, int n) {
      if (badSel != null) {
        double[] e = s.increases(badSel, firstEnd, step, n);
        for (int i = 0; i < n; i++) {
          // A ratio whose error counter has no series yet had no errors.
          e[i] = Double.isNaN(e[i]) && !Double.isNaN(total[i]) ? 0 : e[i];
        }
        return e;
      }
      if (goodSel != null) {
        double[] good = s.increases(goodSel, firstEnd, step, n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
          out[i] = Math.max(0, total[i] - zeroIfNaN(good[i]));
        }
        return out;
      }
      return s.templateIncreases(badQ, firstEnd, step, n);
    }
  }

  static Selector restrict(Selector s, Map<String, String> group) {
    Selector out = s;
    for (Map.Entry<String, String> g : new TreeMap<>(group).entrySet()) {
      out = out.with(new Selector.Matcher(g.getKey(), "=", g.getValue()));
    }
    return out;
  }

  /** Step increases from Prometheus: one range query per counter. */
  public static StepSource prometheus(PrometheusApi api) {
    return new StepSource() {
      @Override
      public double[] increases(Selector selector, Instant firstEnd, Duration step, int steps) {
        String q = "sum(increase(" + selector.promql() + "[" + PromDurations.format(step) + "]))";
        return single(range(q, firstEnd, step, steps), firstEnd, step, steps);
      }

      @Override
      public Map<String, double[]> increasesBy(
          Selector selector, String label, Instant firstEnd, Duration step, int steps) {
        String q =
            "sum by ("
                + label
                + ") (increase("
                + selector.promql()
                + "["
                + PromDurations.format(step)
                + "]))";
        Map<String, double[]> out = new LinkedHashMap<>();
        for (PromSeries s : range(q, firstEnd, step, steps)) {
          out.put(s.labels().getOrDefault(label, ""), place(s, firstEnd, step, steps));
        }
        return out;
      }

      @Override
      public double[] templateIncreases(
          String template, Instant firstEnd, Duration step, int steps) {
        double[] rates =
            single(
                range(SloQueryPlan.windowed(template, step), firstEnd, step, steps),
                firstEnd,
                step,
                steps);
        for (int i = 0; i < rates.length; i++) {
          rates[i] *= step.toSeconds();
        }
        return rates;
      }

      @Override
      public String describe() {
        return api.describe();
      }

      private List<PromSeries> range(String q, Instant firstEnd, Duration step, int steps) {
        Instant end = firstEnd.plus(step.multipliedBy(steps - 1L));
        return api.range(q, firstEnd, end, step).data();
      }
    };
  }

  private static double[] single(
      List<PromSeries> series, Instant firstEnd, Duration step, int steps) {
    double[] out = new double[steps];
    java.util.Arrays.fill(out, Double.NaN);
    for (PromSeries s : series) {
      double[] v = place(s, firstEnd, step, steps);
      for (int i = 0; i < steps; i++) {
        if (!Double.isNaN(v[i])) {
          out[i] = zeroIfNaN(out[i]) + v[i];
        }
      }
    }
    return out;
  }

  private static double[] place(PromSeries s, Instant firstEnd, Duration step, int steps) {
    double[] out = new double[steps];
    java.util.Arrays.fill(out, Double.NaN);
    long first = firstEnd.toEpochMilli();
    long stepMillis = step.toMillis();
    for (int i = 0; i < s.size(); i++) {
      long k = Math.round((s.timesMillis()[i] - first) / (double) stepMillis);
      if (k >= 0 && k < steps) {
        out[(int) k] = s.values()[i];
      }
    }
    return out;
  }

  /** Step increases from counters held in memory. */
  public static StepSource store(SeriesStore store) {
    StoreWindows windows = new StoreWindows(store);
    return new StepSource() {
      @Override
      public double[] increases(Selector selector, Instant firstEnd, Duration step, int steps) {
        double[] out = new double[steps];
        java.util.Arrays.fill(out, Double.NaN);
        for (SeriesStore.Series s : store.series(selector.metric())) {
          if (selector.matches(s.metric(), s.labels())) {
            double[] v = steps(s, firstEnd, step, steps);
            for (int i = 0; i < steps; i++) {
              out[i] = zeroIfNaN(out[i]) + v[i];
            }
          }
        }
        return out;
      }

      @Override
      public Map<String, double[]> increasesBy(
          Selector selector, String label, Instant firstEnd, Duration step, int steps) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (SeriesStore.Series s : store.series(selector.metric())) {
          if (selector.matches(s.metric(), s.labels())) {
            out.merge(
                s.labels().getOrDefault(label, ""),
                steps(s, firstEnd, step, steps),
                SloHistory::plus);
          }
        }
        return out;
      }

      @Override
      public double[] templateIncreases(
          String template, Instant firstEnd, Duration step, int steps) {
        double[] out = new double[steps];
        for (int i = 0; i < steps; i++) {
          Instant end = firstEnd.plus(step.multipliedBy(i));
          out[i] =
              windows.query(template, end.minus(step), end).values().stream()
                  .mapToDouble(Double::doubleValue)
                  .sum();
        }
        return out;
      }

      @Override
      public String describe() {
        return store.describe();
      }
    };
  }

  private static double[] steps(SeriesStore.Series s, Instant firstEnd, Duration step, int steps) {
    double[] out = new double[steps];
    double before = s.counter().at(firstEnd.minus(step));
    for (int i = 0; i < steps; i++) {
      double now = s.counter().at(firstEnd.plus(step.multipliedBy(i)));
      out[i] = Math.max(0, now - before);
      before = now;
    }
    return out;
  }

  private static double[] plus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = zeroIfNaN(a[i]) + zeroIfNaN(b[i]);
    }
    return out;
  }

  private static double zeroIfNaN(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
