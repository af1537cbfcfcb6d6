package dev.fleetscope.services.slo;

import dev.fleetscope.services.metrics.PromSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns a set of SLOs into one PromQL query per window. Each SLO contributes its terms (errors and
 * total, or good and total) aggregated in Prometheus over the window, each tagged with a {@code
 * fleetscope_term} label and joined with {@code or}, so that 50 SLOs over 8 windows take 8 requests
 * and no raw series ever leave Prometheus.
 */
public final class SloQueryPlan {
  static final String TERM_LABEL = "fleetscope_term";

  enum Role {
    ERRORS,
    TOTAL,
    GOOD,
    ERROR_RATE,
    TOTAL_RATE,
    ERROR_RATIO
  }

  private final List<SloSpec> specs;
  private final Map<Duration, String> queries = new TreeMap<>();

  /**
   * @param windowsOf the windows each SLO needs, its own window included
   */
  public SloQueryPlan(
      List<SloSpec> specs, java.util.function.Function<SloSpec, List<Duration>> windowsOf) {
    this.specs = List.copyOf(specs);
    Map<Duration, List<String>> parts = new TreeMap<>();
    for (int i = 0; i < this.specs.size(); i++) {
      SloSpec spec = this.specs.get(i);
      for (Duration w : windowsOf.apply(spec)) {
        List<String> into = parts.computeIfAbsent(w, k -> new ArrayList<>());
        for (Map.Entry<Role, String> term : terms(spec.indicator(), w).entrySet()) {
          into.add(tagged(term.getValue(), i + "." + term.getKey().name()));
        }
      }
    }
    parts.forEach((w, list) -> queries.put(w, String.join("\nor\n", list)));
  }

  /** The query for each window, shortest window first. */
  public Map<Duration, String> queries() {
    return queries;
  }

  public List<SloSpec> specs() {
    return specs;
  }

  /** The expressions one SLO needs for one window, by role. */
  static Map<Role, String> terms(Indicator indicator, Duration window) {
    String w = "[" + PromDurations.format(window) + "]";
    Map<Role, String> out = new LinkedHashMap<>();
    if (indicator instanceof Indicator.Ratio r) {
      out.put(Role.ERRORS, sum(r.grouping(), "increase(" + r.errors().promql() + w + ")"));
      out.put(Role.TOTAL, sum(r.grouping(), "increase(" + r.total().promql() + w + ")"));
    } else if (indicator instanceof Indicator.GoodRatio g) {
      out.put(Role.GOOD, sum(g.grouping(), "increase(" + g.good().promql() + w + ")"));
      out.put(Role.TOTAL, sum(g.grouping(), "increase(" + g.total().promql() + w + ")"));
    } else if (indicator instanceof Indicator.Latency l) {
      out.put(Role.GOOD, sum(l.grouping(), "increase(" + bucket(l).promql() + w + ")"));
      out.put(Role.TOTAL, sum(l.grouping(), "increase(" + l.total().promql() + w + ")"));
    } else if (indicator instanceof Indicator.LatencyNative n) {
      String h = sum(n.grouping(), "increase(" + n.total().promql() + w + ")");
      out.put(
          Role.GOOD,
          "histogram_fraction(0, "
              + n.thresholdSeconds()
              + ", "
              + h
              + ") * histogram_count("
              + h
              + ")");
      out.put(Role.TOTAL, "histogram_count(" + h + ")");
    } else if (indicator instanceof Indicator.BoolGauge b) {
      out.put(Role.GOOD, sum(b.grouping(), "sum_over_time(" + b.metric().promql() + w + ")"));
      out.put(Role.TOTAL, sum(b.grouping(), "count_over_time(" + b.metric().promql() + w + ")"));
    } else if (indicator instanceof Indicator.EventQueries e) {
      out.put(Role.ERROR_RATE, "(" + windowed(e.errorQuery(), window) + ")");
      out.put(Role.TOTAL_RATE, "(" + windowed(e.totalQuery(), window) + ")");
    } else if (indicator instanceof Indicator.RawErrorRatio r) {
      out.put(Role.ERROR_RATIO, "(" + windowed(r.errorRatioQuery(), window) + ")");
    }
    return out;
  }

  /**
   * The bucket selector with its {@code le} matcher widened to every spelling of the threshold:
   * Prometheus 3 writes {@code le="1.0"} where older servers and exporters wrote {@code le="1"}.
   */
  static Selector bucket(Indicator.Latency l) {
    Selector.Matcher le = l.success().matcher("le").orElseThrow();
    if (!le.op().equals("=")) {
      return l.success();
    }
    java.util.Set<String> spellings = new java.util.LinkedHashSet<>();
    spellings.add(le.value());
    spellings.addAll(leSpellings(l.thresholdSeconds()));
    String regex =
        spellings.stream()
            .map(s -> s.replace(".", "\\.").replace("+", "\\+"))
            .collect(Collectors.joining("|"));
    return l.success().with(new Selector.Matcher("le", "=~", regex));
  }

  static List<String> leSpellings(double threshold) {
    List<String> out = new ArrayList<>();
    if (threshold == Math.rint(threshold) && Math.abs(threshold) < 1e15) {
      long n = (long) threshold;
      out.add(Long.toString(n));
      out.add(n + ".0");
    } else {
      out.add(java.math.BigDecimal.valueOf(threshold).stripTrailingZeros().toPlainString());
    }
    return out;
  }

  static String windowed(String template, Duration window) {
    return template
        .replace("{{.window}}", PromDurations.format(window))
        .replace("{{ .window }}", PromDurations.format(window));
  }

  private static String sum(List<String> grouping, String inner) {
    String by = grouping.isEmpty() ? "" : " by (" + String.join(", ", grouping) + ")";
    return "sum" + by + " (" + inner + ")";
  }

  private static String tagged(String expr, String term) {
    return "label_replace(" + expr + ", \"" + TERM_LABEL + "\", \"" + term + "\", \"\", \"\")";
  }

  /** Partial counts of one SLO and group in one window, as the query answered them. */
  static final class Counts {
    double errors = Double.NaN;
    double total = Double.NaN;
    double good = Double.NaN;
    double errorRate = Double.NaN;
    double totalRate = Double.NaN;
    double errorRatio = Double.NaN;

    WindowCounts toWindowCounts(Duration window) {
      if (!Double.isNaN(errorRatio)) {
        return new WindowCounts(1, errorRatio);
      }
      if (!Double.isNaN(totalRate)) {
        double seconds = window.toMillis() / 1000.0;
        return new WindowCounts(totalRate * seconds, zeroIfMissing(errorRate) * seconds);
      }
      if (Double.isNaN(total)) {
        return WindowCounts.NONE;
      }
      double bad = !Double.isNaN(good) ? Math.max(0, total - good) : zeroIfMissing(errors);
      return new WindowCounts(total, bad);
    }

    /** A ratio whose error counter has no series yet had no errors, rather than no data. */
    private static double zeroIfMissing(double v) {
      return Double.isNaN(v) ? 0 : v;
    }
  }

  /**
   * Sorts one window's answer by SLO and group: SLO index, then the group's label values, then the
   * counts. Labels other than the SLO's grouping are ignored.
   */
  Map<Integer, Map<Map<String, String>, Counts>> read(List<PromSample> samples) {
    Map<Integer, Map<Map<String, String>, Counts>> out = new HashMap<>();
    for (PromSample s : samples) {
      String term = s.labels().get(TERM_LABEL);
      if (term == null) {
        continue;
      }
      int dot = term.indexOf('.');
      int index = Integer.parseInt(term.substring(0, dot));
      Role role = Role.valueOf(term.substring(dot + 1));
      List<String> grouping = specs.get(index).indicator().grouping();
      Map<String, String> group = new TreeMap<>();
      for (String g : grouping) {
        group.put(g, s.labels().getOrDefault(g, ""));
      }
      Counts c =
          out.computeIfAbsent(index, k -> new HashMap<>())
              .computeIfAbsent(group, k -> new Counts());
      double v = s.value();
      switch (role) {
        case ERRORS -> c.errors = v;
        case TOTAL -> c.total = v;
        case GOOD -> c.good = v;
        case ERROR_RATE -> c.errorRate = v;
        case TOTAL_RATE -> c.totalRate = v;
        case ERROR_RATIO -> c.errorRatio = v;
      }
    }
    return out;
  }
}
