package dev.fleetscope.services.slo.spec;

import dev.fleetscope.services.slo.Indicator;
import dev.fleetscope.services.slo.LlmSliPreset;
import dev.fleetscope.services.slo.Selector;
import dev.fleetscope.services.slo.SloSpec;
import java.util.List;

/**
 * Fleetscope's own SLO file ({@code fleetscope: slo/v1}), documented in docs/formats/slo-file.md: a
 * list of SLOs, each with exactly one of {@code ratio}, {@code latency} or {@code preset}.
 */
final class FleetscopeFormat {
  static final String VERSION = "slo/v1";

  private FleetscopeFormat() {}

  static void read(YamlNode doc, String cluster, List<SloSpec> out, List<SpecProblem> problems) {
    YamlNode version = doc.get("fleetscope");
    if (!VERSION.equals(version.string())) {
      throw version.problem("expected '" + VERSION + "', found '" + version.string() + "'");
    }
    List<YamlNode> slos = doc.get("slos").list();
    if (slos.isEmpty()) {
      problems.add(doc.get("slos").problem("expected a list of SLOs"));
    }
    for (YamlNode slo : slos) {
      try {
        out.add(one(slo, cluster));
      } catch (SpecProblem p) {
        problems.add(p);
      }
    }
  }

  private static SloSpec one(YamlNode slo, String cluster) {
    String name = slo.get("name").string();
    double objective = SpecValues.objective(slo.get("objective"));
    var window =
        slo.has("window") ? SpecValues.duration(slo.get("window")) : java.time.Duration.ofDays(28);
    List<String> grouping = slo.get("grouping").strings();
    long kinds = List.of("ratio", "latency", "preset").stream().filter(slo::has).count();
    if (kinds != 1) {
      throw slo.problem("expected exactly one of ratio, latency or preset");
    }
    Indicator indicator;
    if (slo.has("ratio")) {
      YamlNode r = slo.get("ratio");
      indicator =
          new Indicator.Ratio(
              SpecValues.selector(r.get("errors")), SpecValues.selector(r.get("total")), grouping);
    } else if (slo.has("latency")) {
      YamlNode l = slo.get("latency");
      String histogram = l.get("histogram").string();
      double threshold = threshold(l.get("threshold"));
      List<Selector.Matcher> matchers = matchers(l.get("selector"));
      Selector bucket = Selector.parse(histogram + "_bucket");
      Selector count = Selector.parse(histogram + "_count");
      for (Selector.Matcher m : matchers) {
        bucket = bucket.with(m);
        count = count.with(m);
      }
      String le = l.get("threshold").string().strip();
      bucket = bucket.with(new Selector.Matcher("le", "=", le));
      indicator = new Indicator.Latency(bucket, count, threshold, grouping);
    } else {
      YamlNode p = slo.get("preset");
      String id = p.get("name").string();
      LlmSliPreset preset =
          LlmSliPreset.byId(id)
              .orElseThrow(
                  () ->
                      p.get("name")
                          .problem(
                              LlmSliPreset.missing(id)
                                  .orElse(
                                      "unknown preset '"
                                          + id
                                          + "'; known: "
                                          + String.join(", ", LlmSliPreset.ids()))));
      double threshold = preset.latency() ? threshold(p.get("threshold")) : Double.NaN;
      indicator = preset.indicator(matchers(p.get("selector")), threshold, grouping);
    }
    String ref = cluster.isEmpty() ? slo.where() : cluster + " " + slo.where();
    return new SloSpec(
        slo.get("cluster").string(cluster),
        slo.get("namespace").string(""),
        name,
        "Fleetscope",
        ref,
        slo.get("description").string(""),
        objective,
        window,
        indicator,
        slo.get("labels").stringMap());
  }

  private static double threshold(YamlNode n) {
    try {
      double v = Double.parseDouble(n.string().strip());
      if (!(v > 0)) {
        throw n.problem("the threshold must be a positive number of seconds");
      }
      return v;
    } catch (NumberFormatException e) {
      throw n.problem("expected a threshold in seconds such as 0.5, found \"" + n.string() + "\"");
    }
  }

  /** Label matchers written as a selector without a name: {@code {namespace="serving"}}. */
  private static List<Selector.Matcher> matchers(YamlNode n) {
    if (!n.present()) {
      return List.of();
    }
    String s = n.string().strip();
    try {
      return Selector.parse("x" + s).matchers();
    } catch (IllegalArgumentException e) {
      throw n.problem("expected label matchers such as {namespace=\"serving\"}: " + e.getMessage());
    }
  }
}
