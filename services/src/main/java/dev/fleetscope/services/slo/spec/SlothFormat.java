package dev.fleetscope.services.slo.spec;

import dev.fleetscope.services.slo.Indicator;
import dev.fleetscope.services.slo.SloSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sloth's {@code PrometheusServiceLevel} ({@code sloth.slok.dev/v1}) and its plain file form
 * ({@code version: prometheus/v1}): a {@code service} with {@code slos}, each with a float
 * percentage {@code objective} and an {@code sli} of {@code events} (errorQuery, totalQuery, with
 * {@code {{.window}}}) or {@code raw} (errorRatioQuery). Sloth's default period is 30 days.
 */
final class SlothFormat {
  static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

  private SlothFormat() {}

  static void read(
      YamlNode doc, YamlNode spec, String cluster, List<SloSpec> out, List<SpecProblem> problems) {
    String service = spec.get("service").string();
    YamlNode meta = doc.get("metadata");
    String namespace = meta.get("namespace").string("");
    Map<String, String> labels = new LinkedHashMap<>(meta.get("labels").stringMap());
    labels.putAll(spec.get("labels").stringMap());
    labels.put("service", service);
    List<YamlNode> slos = spec.get("slos").list();
    if (slos.isEmpty()) {
      problems.add(spec.get("slos").problem("expected at least one SLO"));
    }
    for (YamlNode slo : slos) {
      try {
        String name = slo.get("name").string();
        double objective = SpecValues.percent(slo.get("objective"));
        YamlNode sli = slo.get("sli");
        Indicator indicator;
        if (sli.has("events")) {
          YamlNode e = sli.get("events");
          indicator =
              new Indicator.EventQueries(window(e.get("errorQuery")), window(e.get("totalQuery")));
        } else if (sli.has("raw")) {
          indicator = new Indicator.RawErrorRatio(window(sli.get("raw").get("errorRatioQuery")));
        } else if (sli.has("plugin")) {
          throw sli.get("plugin")
              .problem("Sloth SLI plugins run inside Sloth; use events or raw queries here");
        } else {
          throw sli.problem("expected events (errorQuery, totalQuery) or raw (errorRatioQuery)");
        }
        Map<String, String> sloLabels = new LinkedHashMap<>(labels);
        sloLabels.putAll(slo.get("labels").stringMap());
        String ref =
            cluster.isEmpty()
                ? slo.where()
                : cluster + " " + namespace + "/" + meta.get("name").string("") + " " + name;
        out.add(
            new SloSpec(
                cluster,
                namespace,
                service + "-" + name,
                "Sloth",
                ref,
                slo.get("description").string(""),
                objective,
                DEFAULT_PERIOD,
                indicator,
                sloLabels));
      } catch (SpecProblem p) {
        problems.add(p);
      }
    }
  }

  /** The query, which must use {{.window}} so that each burn window gets its own range. */
  private static String window(YamlNode query) {
    String q = query.string();
    if (!q.contains("{{.window}}") && !q.contains("{{ .window }}")) {
      throw query.problem("the query must use {{.window}} as its range, e.g. rate(x[{{.window}}])");
    }
    return q;
  }
}
