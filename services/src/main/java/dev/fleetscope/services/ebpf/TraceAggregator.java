package dev.fleetscope.services.ebpf;

import dev.fleetscope.services.ebpf.HistSeries.HistMode;
import dev.fleetscope.services.ebpf.TraceRecord.KeyedHist;
import dev.fleetscope.services.ebpf.TraceRecord.KeyedStats;
import dev.fleetscope.services.ebpf.TraceRecord.MapEntry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a trace's records into what the views show: histograms with their heatmap columns, the
 * latest events (a bounded ring), glitches grouped by cause, maps, stacks for flame graphs, and the
 * stream's own health (bad lines, lost events, bpftrace's errors). Fed by one reader thread; read
 * by anyone through {@link #summary()} and the rings.
 */
public final class TraceAggregator implements TraceListener {
  /**
   * @param eventCapacity how many events are kept (older ones are dropped, counted)
   * @param glitchThresholdMs events that took at least this long are glitches
   * @param histMode how repeated prints of a histogram relate
   */
  public record Settings(int eventCapacity, double glitchThresholdMs, HistMode histMode) {
    public static final Settings DEFAULT = new Settings(100_000, 10, HistMode.AUTO);
  }

  /** One line that was not a record: where, why, and the start of the line. */
  public record BadLine(long lineNumber, String reason, String text) {
    @Override
    public String toString() {
      return "line " + lineNumber + ": " + reason + (text.isEmpty() ? "" : " — " + text);
    }
  }

  /** A glitch: the event and its cause. */
  public record Glitch(TraceEvent event, GlitchCause cause) {}

  /** Glitches of one cause so far. */
  public record GlitchGroup(GlitchCause cause, long count, double maxMs, double totalMs) {}

  /** One map value as shown: map name, key, value (numbers summed over intervals). */
  public record MapRow(String map, String key, String value, double number) {}

  /** Everything but the events and glitches themselves, consistent at one instant. */
  public record Summary(
      long records,
      long badLines,
      long lostEvents,
      long attachedProbes,
      long events,
      long glitches,
      String lastTime,
      List<GlitchGroup> glitchGroups,
      List<HistSeries.View> histograms,
      List<MapRow> maps,
      List<String> stackMaps,
      List<String> problems,
      List<BadLine> badLineSamples) {}

  private static final int MAX_COLUMNS = 600;
  private static final int MAX_PROBLEMS = 200;
  private static final int MAX_BAD_SAMPLES = 50;

  private final Settings settings;
  private final EventStore events;
  private final EventStore.Glitches glitches;
  private long records;
  private long badLines;
  private long lostEvents;
  private long attachedProbes;
  private long eventSeq;
  private String lastTime = "";
  private HistMode mode;
  private final Map<GlitchCause, double[]> glitchStats = new EnumMap<>(GlitchCause.class);
  private final Map<String, HistSeries> hists = new LinkedHashMap<>();
  private final Map<String, Map<String, Object[]>> maps = new LinkedHashMap<>();
  private final Map<String, Map<MapKey, Double>> stacks = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final List<BadLine> badSamples = new ArrayList<>();

  public TraceAggregator(Settings settings) {
    this.settings = settings;
    this.mode = settings.histMode();
    this.events = new EventStore(settings.eventCapacity());
    this.glitches = new EventStore.Glitches(Math.min(settings.eventCapacity(), 20_000));
  }

  public Settings settings() {
    return settings;
  }

  public EventStore events() {
    return events;
  }

  public EventStore.Glitches glitches() {
    return glitches;
  }

  @Override
  public void record(TraceRecord r) {
    TraceEvent event = null;
    synchronized (this) {
      records++;
      if (r instanceof TraceRecord.Text t) {
        switch (t.kind()) {
          case PRINTF -> {
            if (t.text().startsWith(TraceScript.MARKER)) {
              // A library script's stream: its histograms are printed and cleared per interval.
              if (t.text().contains("hists=interval")) {
                mode = HistMode.INTERVAL;
              }
            } else {
              event = TraceEvent.parse(eventSeq++, t.text());
            }
          }
          case TIME -> lastTime = t.text().strip();
          default ->
              event =
                  new TraceEvent(
                      eventSeq++,
                      -1,
                      t.kind().wire,
                      -1,
                      -1,
                      0,
                      Double.NaN,
                      "",
                      "",
                      t.text().strip());
        }
      } else if (r instanceof TraceRecord.HistRecord h) {
        for (KeyedHist kh : h.hists()) {
          String id = kh.key().raw().isEmpty() ? h.name() : h.name() + "[" + kh.key().raw() + "]";
          hists
              .computeIfAbsent(id, k -> new HistSeries(h.name(), kh.key().raw(), MAX_COLUMNS))
              .add(kh.buckets(), lastTime, mode);
        }
      } else if (r instanceof TraceRecord.MapRecord m) {
        map(m);
      } else if (r instanceof TraceRecord.StatsRecord s) {
        Map<String, Object[]> rows = maps.computeIfAbsent(s.name(), k -> new LinkedHashMap<>());
        for (KeyedStats ks : s.stats()) {
          String v =
              String.format(
                  java.util.Locale.ROOT,
                  "count %d, avg %.1f, total %.0f",
                  ks.count(),
                  ks.average(),
                  ks.total());
          rows.put(ks.key().raw(), new Object[] {v, (double) ks.count()});
        }
      } else if (r instanceof TraceRecord.TimeSeriesRecord ts) {
        Map<String, Object[]> rows = maps.computeIfAbsent(ts.name(), k -> new LinkedHashMap<>());
        for (TraceRecord.KeyedSeries ks : ts.series()) {
          double last = ks.points().isEmpty() ? 0 : ks.points().get(ks.points().size() - 1).value();
          rows.put(
              ks.key().raw(), new Object[] {ks.points().size() + " points, last " + last, last});
        }
      } else if (r instanceof TraceRecord.ValueRecord v) {
        maps.computeIfAbsent("(print)", k -> new LinkedHashMap<>())
            .put("", new Object[] {String.valueOf(v.value()), Double.NaN});
      } else if (r instanceof TraceRecord.LostEvents l) {
        lostEvents += l.count();
      } else if (r instanceof TraceRecord.AttachedProbes a) {
        attachedProbes = a.count();
      } else if (r instanceof TraceRecord.Problem p) {
        problem(p.describe());
      } else if (r instanceof TraceRecord.Unknown u) {
        problem("record type \"" + u.type() + "\" is not known to this version; shown raw");
      }
    }
    if (event != null) {
      events.add(event);
      if (GlitchCause.isGlitch(event, settings.glitchThresholdMs())) {
        GlitchCause cause = GlitchCause.of(event);
        glitches.add(event, cause);
        synchronized (this) {
          double[] s = glitchStats.computeIfAbsent(cause, c -> new double[3]);
          double ms = Double.isNaN(event.latencyMs()) ? 0 : event.latencyMs();
          s[0]++;
          s[1] = Math.max(s[1], ms);
          s[2] += ms;
        }
      }
    }
  }

  private void map(TraceRecord.MapRecord m) {
    boolean interval = mode == HistMode.INTERVAL;
    boolean hasStack = false;
    for (MapEntry e : m.entries()) {
      if (e.key().hasStack()) {
        hasStack = true;
        break;
      }
    }
    if (hasStack) {
      Map<MapKey, Double> s = stacks.computeIfAbsent(m.name(), k -> new LinkedHashMap<>());
      if (!interval) {
        s.clear();
      }
      for (MapEntry e : m.entries()) {
        double v = e.number();
        if (!Double.isNaN(v)) {
          s.merge(e.key(), v, Double::sum);
        }
      }
      return;
    }
    Map<String, Object[]> rows = maps.computeIfAbsent(m.name(), k -> new LinkedHashMap<>());
    for (MapEntry e : m.entries()) {
      double v = e.number();
      Object[] prev = rows.get(e.key().raw());
      if (interval && !Double.isNaN(v) && prev != null && !Double.isNaN((double) prev[1])) {
        double sum = (double) prev[1] + v;
        rows.put(e.key().raw(), new Object[] {number(sum), sum});
      } else {
        rows.put(
            e.key().raw(),
            new Object[] {Double.isNaN(v) ? String.valueOf(e.value()) : number(v), v});
      }
    }
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(java.util.Locale.ROOT, "%.3f", v);
  }

  private void problem(String text) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(text);
    }
  }

  @Override
  public synchronized void badLine(long lineNumber, String line, String reason) {
    badLines++;
    if (badSamples.size() < MAX_BAD_SAMPLES) {
      String t = line.strip();
      badSamples.add(
          new BadLine(lineNumber, reason, t.length() > 120 ? t.substring(0, 117) + "..." : t));
    }
  }

  @Override
  public synchronized void diagnostic(String line) {
    problem(line);
  }

  public synchronized Summary summary() {
    List<GlitchGroup> groups = new ArrayList<>();
    for (Map.Entry<GlitchCause, double[]> e : glitchStats.entrySet()) {
      double[] s = e.getValue();
      groups.add(new GlitchGroup(e.getKey(), (long) s[0], s[1], s[2]));
    }
    groups.sort((a, b) -> Long.compare(b.count(), a.count()));
    List<HistSeries.View> hv = new ArrayList<>();
    for (HistSeries h : hists.values()) {
      hv.add(h.view());
    }
    List<MapRow> rows = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object[]>> m : maps.entrySet()) {
      for (Map.Entry<String, Object[]> e : m.getValue().entrySet()) {
        rows.add(
            new MapRow(m.getKey(), e.getKey(), (String) e.getValue()[0], (double) e.getValue()[1]));
      }
    }
    return new Summary(
        records,
        badLines,
        lostEvents,
        attachedProbes,
        events.total(),
        glitches.total(),
        lastTime,
        groups,
        hv,
        rows,
        List.copyOf(stacks.keySet()),
        List.copyOf(problems),
        List.copyOf(badSamples));
  }

  /** The flame graph of one stack map, or null when there is no such map. */
  public synchronized FlameGraph.Node flame(String map) {
    Map<MapKey, Double> s = stacks.get(map);
    return s == null ? null : FlameGraph.build(map, s);
  }
}
