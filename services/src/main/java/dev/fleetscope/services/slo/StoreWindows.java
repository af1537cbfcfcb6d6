package dev.fleetscope.services.slo;

import dev.fleetscope.services.metrics.SeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers an SLO query plan's terms from a {@link SeriesStore} instead of Prometheus: the same
 * {@code sum by (grouping) (increase(selector[window]))} per term, computed from the stored
 * counters, so the engine judges demo SLOs exactly as it judges Prometheus-backed ones.
 *
 * <p>Sloth's free-form queries are evaluated when they have the common shape {@code sum [by (..)]
 * (rate|increase(selector[{{.window}}]))}; anything else is reported as a problem of that SLO.
 */
final class StoreWindows {
  private static final Pattern AGGREGATE =
      Pattern.compile(
          "\\s*sum\\s*(?:by\\s*\\(([^)]*)\\)\\s*)?\\(\\s*(rate|increase)\\s*\\((.*)\\[\\s*\\{\\{\\s*\\.window\\s*\\}\\}\\s*\\]\\s*\\)\\s*\\)\\s*",
          Pattern.DOTALL);

  private final SeriesStore store;

  StoreWindows(SeriesStore store) {
    this.store = store;
  }

  /** One window's counts by SLO index and group, as {@link SloQueryPlan#read} gives them. */
  Map<Integer, Map<Map<String, String>, SloQueryPlan.Counts>> window(
      List<SloSpec> specs, Duration window, Instant at, java.util.Set<String> problems) {
    Instant from = at.minus(window);
    Map<Integer, Map<Map<String, String>, SloQueryPlan.Counts>> out = new HashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      SloSpec spec = specs.get(i);
      Map<Map<String, String>, SloQueryPlan.Counts> groups = new HashMap<>();
      Indicator ind = spec.indicator();
      List<String> by = ind.grouping();
      if (ind instanceof Indicator.Ratio r) {
        increase(r.errors(), by, from, at).forEach((g, v) -> counts(groups, g).errors = v);
        increase(r.total(), by, from, at).forEach((g, v) -> counts(groups, g).total = v);
      } else if (ind instanceof Indicator.GoodRatio g) {
        increase(g.good(), by, from, at).forEach((k, v) -> counts(groups, k).good = v);
        increase(g.total(), by, from, at).forEach((k, v) -> counts(groups, k).total = v);
      } else if (ind instanceof Indicator.Latency l) {
        increase(SloQueryPlan.bucket(l), by, from, at)
            .forEach((k, v) -> counts(groups, k).good = v);
        increase(l.total(), by, from, at).forEach((k, v) -> counts(groups, k).total = v);
      } else if (ind instanceof Indicator.EventQueries e) {
        double seconds = window.toMillis() / 1000.0;
        try {
          query(e.errorQuery(), from, at)
              .forEach((k, v) -> counts(groups, k).errorRate = v / seconds);
          query(e.totalQuery(), from, at)
              .forEach((k, v) -> counts(groups, k).totalRate = v / seconds);
        } catch (IllegalArgumentException bad) {
          problems.add(spec.origin() + ": " + bad.getMessage());
        }
      } else {
        problems.add(
            spec.origin()
                + ": the in-memory series store cannot evaluate "
                + ind.getClass().getSimpleName()
                + " indicators");
      }
      if (!groups.isEmpty()) {
        out.put(i, groups);
      }
    }
    return out;
  }

  /** {@code sum by (grouping) (increase(selector[from, to]))} over the stored counters. */
  Map<Map<String, String>, Double> increase(
      Selector selector, List<String> grouping, Instant from, Instant to) {
    Map<Map<String, String>, Double> out = new HashMap<>();
    for (SeriesStore.Series s : store.series(selector.metric())) {
      if (!selector.matches(s.metric(), s.labels())) {
        continue;
      }
      Map<String, String> group = new TreeMap<>();
      for (String g : grouping) {
        group.put(g, s.labels().getOrDefault(g, ""));
      }
      out.merge(group, s.increase(from, to), Double::sum);
    }
    return out;
  }

  /** Events over (from, to] of a Sloth query of the shape {@code sum(rate(sel[{{.window}}]))}. */
  Map<Map<String, String>, Double> query(String template, Instant from, Instant to) {
    Matcher m = AGGREGATE.matcher(template);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "the in-memory series store evaluates only sum(rate(selector[{{.window}}])), not: "
              + template.strip());
    }
    List<String> by =
        m.group(1) == null
            ? List.of()
            : java.util.Arrays.stream(m.group(1).split(","))
                .map(String::strip)
                .filter(x -> !x.isEmpty())
                .toList();
    return increase(Selector.parse(m.group(3)), by, from, to);
  }

  private static SloQueryPlan.Counts counts(
      Map<Map<String, String>, SloQueryPlan.Counts> groups, Map<String, String> g) {
    return groups.computeIfAbsent(g, k -> new SloQueryPlan.Counts());
  }
}
