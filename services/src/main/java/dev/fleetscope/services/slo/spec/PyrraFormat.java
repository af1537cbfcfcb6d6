package dev.fleetscope.services.slo.spec;

import dev.fleetscope.services.slo.Indicator;
import dev.fleetscope.services.slo.Selector;
import dev.fleetscope.services.slo.SloSpec;
import java.time.Duration;

/**
 * Pyrra's {@code ServiceLevelObjective} ({@code pyrra.dev/v1alpha1}): {@code spec.target} is a
 * percentage string, {@code spec.window} a duration, and {@code spec.indicator} one of {@code
 * ratio}, {@code latency}, {@code latencyNative} or {@code bool_gauge}.
 */
final class PyrraFormat {
  private PyrraFormat() {}

  static SloSpec read(YamlNode doc, String cluster) {
    YamlNode meta = doc.get("metadata");
    YamlNode spec = doc.get("spec");
    String name = meta.get("name").string();
    String namespace = meta.get("namespace").string("");
    double target = SpecValues.percent(spec.get("target"));
    Duration window = SpecValues.duration(spec.get("window"));
    YamlNode ind = spec.get("indicator");
    Indicator indicator;
    if (ind.has("ratio")) {
      YamlNode r = ind.get("ratio");
      indicator =
          new Indicator.Ratio(
              SpecValues.selector(r.get("errors").get("metric")),
              SpecValues.selector(r.get("total").get("metric")),
              r.get("grouping").strings());
    } else if (ind.has("latency")) {
      YamlNode l = ind.get("latency");
      YamlNode success = l.get("success").get("metric");
      Selector bucket = SpecValues.selector(success);
      indicator =
          new Indicator.Latency(
              bucket,
              SpecValues.selector(l.get("total").get("metric")),
              SpecValues.threshold(success, bucket),
              l.get("grouping").strings());
    } else if (ind.has("latencyNative")) {
      YamlNode l = ind.get("latencyNative");
      indicator =
          new Indicator.LatencyNative(
              SpecValues.selector(l.get("total").get("metric")),
              SpecValues.duration(l.get("latency")).toMillis() / 1000.0,
              l.get("grouping").strings());
    } else if (ind.has("bool_gauge")) {
      YamlNode b = ind.get("bool_gauge");
      indicator =
          new Indicator.BoolGauge(
              SpecValues.selector(b.get("metric")), b.get("grouping").strings());
    } else {
      throw ind.problem("expected one of ratio, latency, latencyNative, bool_gauge");
    }
    String ref = (cluster.isEmpty() ? doc.where() : cluster + " " + namespace + "/" + name);
    return new SloSpec(
        cluster,
        namespace,
        name,
        "Pyrra",
        ref,
        spec.get("description").string(""),
        target,
        window,
        indicator,
        meta.get("labels").stringMap());
  }
}
