package dev.fleetscope.services.ebpf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetscope.services.ebpf.TraceRecord.Bucket;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * A trace summarized for export ({@code export ebpf}, the section's Export): the stream's health,
 * each histogram with its quantiles and buckets, glitches by cause with the worst ones, maps, and
 * the heaviest stacks.
 */
public final class TraceReport {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int TOP = 20;

  private TraceReport() {}

  /** What a trace's events are attributed to; "" when not in a pod. */
  public interface Owners extends BiFunction<Integer, Long, PodAttribution.Owner> {}

  public static String json(String source, TraceAggregator agg, Owners owners) {
    TraceAggregator.Summary s = agg.summary();
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeStringField("source", source);
      g.writeObjectFieldStart("stream");
      g.writeNumberField("records", s.records());
      g.writeNumberField("badLines", s.badLines());
      g.writeNumberField("lostEvents", s.lostEvents());
      g.writeNumberField("attachedProbes", s.attachedProbes());
      g.writeNumberField("events", s.events());
      g.writeNumberField("glitches", s.glitches());
      g.writeArrayFieldStart("badLineSamples");
      for (TraceAggregator.BadLine b : s.badLineSamples()) {
        g.writeString(b.toString());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("problems");
      for (String p : s.problems()) {
        g.writeString(p);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeArrayFieldStart("histograms");
      for (HistSeries.View h : s.histograms()) {
        g.writeStartObject();
        g.writeStringField("name", h.title());
        g.writeNumberField("samples", h.count());
        g.writeNumberField("intervals", h.columns().size());
        g.writeNumberField("p50", h.quantile(0.5));
        g.writeNumberField("p90", h.quantile(0.9));
        g.writeNumberField("p99", h.quantile(0.99));
        g.writeArrayFieldStart("buckets");
        for (Bucket b : h.total()) {
          g.writeStartObject();
          if (b.min() != null) {
            g.writeNumberField("min", b.min());
          }
          if (b.max() != null) {
            g.writeNumberField("max", b.max());
          }
          g.writeNumberField("count", b.count());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("glitchCauses");
      for (TraceAggregator.GlitchGroup gg : s.glitchGroups()) {
        g.writeStartObject();
        g.writeStringField("cause", gg.cause().label);
        g.writeNumberField("count", gg.count());
        g.writeNumberField("maxMs", gg.maxMs());
        g.writeNumberField("totalMs", gg.totalMs());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("worstGlitches");
      for (TraceAggregator.Glitch gl : worst(agg)) {
        TraceEvent e = gl.event();
        PodAttribution.Owner o = owners.apply(e.pid(), e.cgroupId());
        g.writeStartObject();
        g.writeStringField("cause", gl.cause().label);
        if (!Double.isNaN(e.latencyMs())) {
          g.writeNumberField("ms", e.latencyMs());
        }
        g.writeNumberField("pid", e.pid());
        g.writeStringField("comm", e.comm());
        g.writeStringField("namespace", o.namespace());
        g.writeStringField("pod", o.pod());
        g.writeStringField("detail", e.detail());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("maps");
      for (TraceAggregator.MapRow m : s.maps()) {
        g.writeStartObject();
        g.writeStringField("map", m.map());
        g.writeStringField("key", m.key());
        g.writeStringField("value", m.value());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("topStacks");
      for (String map : s.stackMaps()) {
        g.writeArrayFieldStart(map);
        for (Object[] p : topPaths(agg.flame(map))) {
          g.writeStartObject();
          g.writeStringField("stack", (String) p[0]);
          g.writeNumberField("value", (double) p[1]);
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  public static String markdown(String source, TraceAggregator agg, Owners owners) {
    TraceAggregator.Summary s = agg.summary();
    StringBuilder m = new StringBuilder();
    m.append("# eBPF trace: ").append(source).append("\n\n");
    m.append(
        String.format(
            Locale.ROOT,
            "%d records, %d events, %d glitches; %d bad lines, %d lost events.%n%n",
            s.records(),
            s.events(),
            s.glitches(),
            s.badLines(),
            s.lostEvents()));
    if (!s.histograms().isEmpty()) {
      m.append("## Histograms\n\n| histogram | samples | intervals | p50 | p90 | p99 |\n");
      m.append("|---|---:|---:|---:|---:|---:|\n");
      for (HistSeries.View h : s.histograms()) {
        m.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d | %.0f | %.0f | %.0f |%n",
                h.title(),
                h.count(),
                h.columns().size(),
                h.quantile(0.5),
                h.quantile(0.9),
                h.quantile(0.99)));
      }
      m.append('\n');
    }
    if (!s.glitchGroups().isEmpty()) {
      m.append("## Glitches by cause\n\n| cause | count | worst ms | total ms |\n");
      m.append("|---|---:|---:|---:|\n");
      for (TraceAggregator.GlitchGroup g : s.glitchGroups()) {
        m.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.1f | %.1f |%n",
                g.cause().label,
                g.count(),
                g.maxMs(),
                g.totalMs()));
      }
      m.append("\n## Worst glitches\n\n| cause | ms | pid | comm | pod | detail |\n");
      m.append("|---|---:|---:|---|---|---|\n");
      for (TraceAggregator.Glitch gl : worst(agg)) {
        TraceEvent e = gl.event();
        PodAttribution.Owner o = owners.apply(e.pid(), e.cgroupId());
        m.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %s | %s | %s |%n",
                gl.cause().label,
                Double.isNaN(e.latencyMs())
                    ? ""
                    : String.format(Locale.ROOT, "%.1f", e.latencyMs()),
                e.pid(),
                cell(e.comm()),
                o.inPod() ? o.namespace() + "/" + o.pod() : "",
                cell(e.detail())));
      }
      m.append('\n');
    }
    for (String map : s.stackMaps()) {
      m.append("## Top stacks of ").append(map).append("\n\n");
      for (Object[] p : topPaths(agg.flame(map))) {
        m.append(String.format(Locale.ROOT, "- %.0f: %s%n", (double) p[1], cell((String) p[0])));
      }
      m.append('\n');
    }
    if (!s.problems().isEmpty() || !s.badLineSamples().isEmpty()) {
      m.append("## Problems\n\n");
      for (String p : s.problems()) {
        m.append("- ").append(cell(p)).append('\n');
      }
      for (TraceAggregator.BadLine b : s.badLineSamples()) {
        m.append("- ").append(cell(b.toString())).append('\n');
      }
    }
    return m.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /** The slowest glitches (retransmits, which carry no time, after the timed ones). */
  static List<TraceAggregator.Glitch> worst(TraceAggregator agg) {
    List<TraceAggregator.Glitch> all = new ArrayList<>(agg.glitches().all());
    all.sort(
        Comparator.comparingDouble(
                (TraceAggregator.Glitch g) ->
                    Double.isNaN(g.event().latencyMs()) ? -1 : g.event().latencyMs())
            .reversed());
    return all.subList(0, Math.min(TOP, all.size()));
  }

  /** Leaf-to-root paths of the heaviest leaves: {"root;a;b", value}. */
  static List<Object[]> topPaths(FlameGraph.Node root) {
    List<Object[]> out = new ArrayList<>();
    if (root != null) {
      walk(root, "", out);
    }
    out.sort(Comparator.comparingDouble((Object[] p) -> (double) p[1]).reversed());
    return out.subList(0, Math.min(10, out.size()));
  }

  private static void walk(FlameGraph.Node n, String prefix, List<Object[]> out) {
    String path = prefix.isEmpty() ? n.name() : prefix + ";" + n.name();
    double childSum = 0;
    for (FlameGraph.Node c : n.children()) {
      childSum += c.value();
      walk(c, path, out);
    }
    if (n.value() - childSum > 0 && !prefix.isEmpty()) {
      out.add(new Object[] {path, n.value() - childSum});
    }
  }
}
