package dev.fleetscope.services.slo.spec;

import dev.fleetscope.services.slo.Indicator;
import dev.fleetscope.services.slo.Selector;
import dev.fleetscope.services.slo.SloSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * OpenSLO v1 {@code SLO} documents with an inline {@code indicator} or an {@code indicatorRef} to
 * an {@code SLI} in the same file. The SLI must be a {@code ratioMetric} over counters ({@code
 * counter: true}) whose Prometheus queries are metric selectors: {@code good} or {@code bad}
 * against {@code total}. The first objective's {@code target} and the first time window are used.
 */
final class OpenSloFormat {
  private OpenSloFormat() {}

  static SloSpec read(YamlNode doc, Map<String, YamlNode> indicators, String cluster) {
    YamlNode meta = doc.get("metadata");
    YamlNode spec = doc.get("spec");
    String name = meta.get("name").string();
    YamlNode sli;
    if (spec.has("indicator")) {
      sli = spec.get("indicator");
    } else if (spec.has("indicatorRef")) {
      String ref = spec.get("indicatorRef").string();
      sli = indicators.get(ref);
      if (sli == null) {
        throw spec.get("indicatorRef").problem("no SLI named '" + ref + "' in this file");
      }
    } else {
      throw spec.problem("expected indicator or indicatorRef");
    }
    List<YamlNode> windows = spec.get("timeWindow").list();
    if (windows.isEmpty()) {
      throw spec.get("timeWindow").problem("expected a time window such as - duration: 28d");
    }
    Duration window = SpecValues.duration(windows.get(0).get("duration"));
    List<YamlNode> objectives = spec.get("objectives").list();
    if (objectives.isEmpty()) {
      throw spec.get("objectives").problem("expected at least one objective with a target");
    }
    double target = SpecValues.ratio(objectives.get(0).get("target"));
    YamlNode ratio = sli.get("spec").get("ratioMetric");
    if (!ratio.present()) {
      throw sli.get("spec")
          .problem("only ratioMetric SLIs are supported (thresholdMetric needs raw samples)");
    }
    if (!"true".equals(ratio.get("counter").string("true"))) {
      throw ratio.get("counter").problem("only counter: true ratio metrics are supported");
    }
    Selector total = query(ratio.get("total"));
    Indicator indicator;
    if (ratio.has("good")) {
      indicator = new Indicator.GoodRatio(query(ratio.get("good")), total, List.of());
    } else if (ratio.has("bad")) {
      indicator = new Indicator.Ratio(query(ratio.get("bad")), total, List.of());
    } else {
      throw ratio.problem("expected good or bad next to total");
    }
    return new SloSpec(
        cluster,
        "",
        name,
        "OpenSLO",
        doc.where(),
        spec.get("description").string(""),
        target,
        window,
        indicator,
        meta.get("labels").present() && isMap(meta.get("labels"))
            ? meta.get("labels").stringMap()
            : Map.of());
  }

  private static boolean isMap(YamlNode n) {
    try {
      n.stringMap();
      return true;
    } catch (SpecProblem p) {
      return false;
    }
  }

  private static Selector query(YamlNode side) {
    YamlNode source = side.get("metricSource");
    String type = source.get("type").string();
    if (!type.equalsIgnoreCase("prometheus")) {
      throw source
          .get("type")
          .problem("only Prometheus metric sources are supported, found " + type);
    }
    YamlNode q = source.get("spec").get("query");
    try {
      return Selector.parse(q.string());
    } catch (IllegalArgumentException e) {
      throw q.problem(
          "expected a counter selector such as http_requests_total{code=~\"5..\"}: "
              + e.getMessage());
    }
  }
}
