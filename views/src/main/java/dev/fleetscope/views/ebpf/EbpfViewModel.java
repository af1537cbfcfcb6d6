package dev.fleetscope.views.ebpf;

import dev.fleetscope.services.ebpf.FlameGraph;
import dev.fleetscope.services.ebpf.GlitchCause;
import dev.fleetscope.services.ebpf.HistSeries;
import dev.fleetscope.services.ebpf.PodAttribution;
import dev.fleetscope.services.ebpf.ScriptLibrary;
import dev.fleetscope.services.ebpf.TraceAggregator;
import dev.fleetscope.services.ebpf.TraceEnd;
import dev.fleetscope.services.ebpf.TraceEvent;
import dev.fleetscope.services.ebpf.TraceListener;
import dev.fleetscope.services.ebpf.TraceParams;
import dev.fleetscope.services.ebpf.TraceRecord;
import dev.fleetscope.services.ebpf.TraceReport;
import dev.fleetscope.services.ebpf.TraceRun;
import dev.fleetscope.services.ebpf.TraceScript;
import dev.fleetscope.services.ebpf.TraceStartException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The eBPF section's state: which target and script, the run in progress, and what its stream has
 * shown so far. The stream is read on the run's own thread into a {@link TraceAggregator}; {@link
 * #tick()} (once per pulse) refreshes what is shown at most four times a second, building the rows
 * on the I/O executor, so a stream of 50,000 events a second never reaches the FX thread one by
 * one.
 */
public final class EbpfViewModel {
  /** How many of the latest matching events the table shows. */
  public static final int EVENTS_SHOWN = 2_000;

  private static final long REFRESH_NANOS = 250_000_000L;

  /** An event with who it belongs to. */
  public record EventRow(
      TraceEvent event, String namespace, String pod, String container, String cgroup) {
    public long seq() {
      return event.seq();
    }

    /** Seconds since the trace started, when the event says. */
    public String when() {
      return event.elapsedNs() < 0
          ? ""
          : String.format(Locale.ROOT, "+%.3f s", event.elapsedNs() / 1e9);
    }

    public Double latencyMs() {
      return Double.isNaN(event.latencyMs()) ? null : Math.round(event.latencyMs() * 100) / 100.0;
    }

    public String podName() {
      return pod.isEmpty() ? "" : namespace + "/" + pod;
    }

    boolean matches(String[] words) {
      String all =
          (event.kind()
                  + " "
                  + event.pid()
                  + " "
                  + event.comm()
                  + " "
                  + event.detail()
                  + " "
                  + namespace
                  + "/"
                  + pod
                  + " "
                  + container
                  + " "
                  + (event.kind().equals("printf") ? event.text() : ""))
              .toLowerCase(Locale.ROOT);
      for (String w : words) {
        if (!w.isEmpty() && !all.contains(w)) {
          return false;
        }
      }
      return true;
    }
  }

  /** A glitch with its owner. */
  public record GlitchRow(GlitchCause cause, EventRow row) {
    public long seq() {
      return row.seq();
    }
  }

  /** What the view draws, consistent at one refresh. */
  public record Shown(
      TraceAggregator.Summary summary,
      List<EventRow> events,
      List<GlitchRow> glitches,
      HistSeries.View histogram,
      FlameGraph.Node flame) {}

  private final TraceControl control;
  private final Executor io;
  private final Consumer<Runnable> fx;
  private final ObservableList<TraceControl.Target> targets = FXCollections.observableArrayList();
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Shown> shown = new ReadOnlyObjectWrapper<>();
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private long lastRefresh;
  private volatile TraceAggregator aggregator;
  private volatile TraceRun run;
  private volatile PodAttribution attribution;
  private volatile String unit = "us";
  private volatile double thresholdMs = 10;
  private volatile String eventFilter = "";
  private volatile String histogram = "";
  private volatile String stackMap = "";
  private volatile Path recording;
  private volatile String recordingName = "";
  private long startedAt;
  private int eventCapacity = 100_000;

  public EbpfViewModel(TraceControl control, Executor io, Consumer<Runnable> fx) {
    this.control = control;
    this.io = io;
    this.fx = fx;
  }

  public TraceControl control() {
    return control;
  }

  /** True once anything was run, played or opened. */
  public boolean started() {
    return aggregator != null;
  }

  /** Lists the targets (on the I/O executor: node lists come from the clusters). */
  public void loadTargets() {
    io.execute(
        () -> {
          List<TraceControl.Target> t = control.targets();
          fx.accept(() -> targets.setAll(t));
        });
  }

  public ObservableList<TraceControl.Target> targets() {
    return targets;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** One line: state, records, rate, lost events, bad lines. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** Where the data comes from: "LIVE · this host", "RECORDED · Run-queue latency". */
  public ReadOnlyStringProperty sourceProperty() {
    return source.getReadOnlyProperty();
  }

  /** The last problem, for people (start refused, run failed); empty when none. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Shown> shownProperty() {
    return shown.getReadOnlyProperty();
  }

  public void setEventCapacity(int cap) {
    this.eventCapacity = Math.max(1_000, Math.min(cap, 5_000_000));
  }

  public int eventCapacity() {
    return eventCapacity;
  }

  public void setEventFilter(String text) {
    eventFilter = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    dirty.set(true);
  }

  public void selectHistogram(String title) {
    histogram = title == null ? "" : title;
    dirty.set(true);
  }

  public void selectStackMap(String map) {
    stackMap = map == null ? "" : map;
    dirty.set(true);
  }

  public String unit() {
    return unit;
  }

  public double thresholdMs() {
    return thresholdMs;
  }

  /**
   * Starts a live trace (on the I/O executor; creating a debug pod takes a while). Any problem
   * lands in {@link #problemProperty()}.
   */
  public void start(TraceControl.Target target, TraceScript script, TraceParams params) {
    if (running.get()) {
      return;
    }
    if (target.kind() == TraceControl.Target.Kind.RECORDING) {
      play(target, 1);
      return;
    }
    String program = script.render(params);
    begin(
        target.label() + " · " + script.title(),
        "LIVE · " + target.label(),
        script.custom() ? HistSeries.HistMode.AUTO : HistSeries.HistMode.INTERVAL,
        script.unit().isEmpty() ? "us" : script.unit(),
        params.thresholdUs() / 1000.0);
    status.set("Starting bpftrace on " + target.label() + "…");
    TraceListener listener = listener();
    io.execute(
        () -> {
          try {
            Path file = control.newRecordingFile(script.id());
            attribution = control.attribution(target);
            Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            TraceRun r;
            try {
              // The runner stops bpftrace a little after the script's own end, should it not.
              r = control.start(target, program, params.durationSeconds() + 10, listener, w);
            } catch (TraceStartException | RuntimeException e) {
              w.close();
              throw e;
            }
            recording = file;
            recordingName = script.id();
            watch(r, w);
          } catch (TraceStartException e) {
            failed(e.getMessage());
          } catch (IOException | RuntimeException e) {
            failed("Could not start the trace: " + e.getMessage());
          }
        });
  }

  /** Plays a built-in recording; speed 0 loads it at once. */
  public void play(TraceControl.Target recordingTarget, double speed) {
    if (running.get()) {
      return;
    }
    String id = recordingTarget.id().substring(recordingTarget.id().indexOf(':') + 1);
    TraceScript script = ScriptLibrary.get(id).orElse(null);
    String title = script == null ? id : script.title();
    begin(
        recordingTarget.label(),
        "RECORDED · " + title + " (a build host under synthetic load, not this fleet)",
        HistSeries.HistMode.INTERVAL,
        script == null || script.unit().isEmpty() ? "us" : script.unit(),
        TraceParams.DEFAULT.thresholdUs() / 1000.0);
    recording = null;
    attribution = control.attribution(recordingTarget);
    watch(control.replay(Optional.of(recordingTarget), Optional.empty(), listener(), speed), null);
  }

  /** Opens a recorded stream from a file (loaded at once). */
  public void open(Path file) {
    if (running.get()) {
      return;
    }
    String name = file.getFileName().toString();
    begin(name, "RECORDED · " + name, HistSeries.HistMode.AUTO, guessUnit(name), 10);
    recording = file;
    recordingName = name.replaceAll("\\.jsonl?$", "");
    attribution =
        control.attribution(
            new TraceControl.Target(
                "file", name, TraceControl.Target.Kind.RECORDING, Optional.empty()));
    watch(control.replay(Optional.empty(), Optional.of(file), listener(), 0), null);
  }

  private static String guessUnit(String name) {
    for (String id : ScriptLibrary.IDS) {
      if (name.contains(id)) {
        return ScriptLibrary.get(id).map(TraceScript::unit).orElse("us");
      }
    }
    return "us";
  }

  private void begin(
      String what, String src, HistSeries.HistMode mode, String unit, double thresholdMs) {
    this.unit = unit;
    this.thresholdMs = thresholdMs;
    aggregator =
        new TraceAggregator(new TraceAggregator.Settings(eventCapacity, thresholdMs, mode));
    problem.set("");
    source.set(src);
    running.set(true);
    startedAt = System.nanoTime();
    histogram = "";
    stackMap = "";
    dirty.set(true);
    status.set("Running: " + what);
  }

  private TraceListener listener() {
    TraceAggregator agg = aggregator;
    return new TraceListener() {
      @Override
      public void record(TraceRecord r) {
        agg.record(r);
        dirty.set(true);
      }

      @Override
      public void badLine(long lineNumber, String line, String reason) {
        agg.badLine(lineNumber, line, reason);
        dirty.set(true);
      }

      @Override
      public void diagnostic(String line) {
        agg.diagnostic(line);
        dirty.set(true);
      }
    };
  }

  private void watch(TraceRun r, Writer w) {
    run = r;
    r.done()
        .whenComplete(
            (end, err) -> {
              if (w != null) {
                try {
                  w.close();
                } catch (IOException e) {
                  // the stream was read; only the copy suffers
                }
              }
              TraceEnd e = end == null ? new TraceEnd(false, String.valueOf(err), 0) : end;
              dirty.set(true);
              fx.accept(
                  () -> {
                    running.set(false);
                    status.set(e.message() + " " + counters());
                    if (!e.ok()) {
                      problem.set(e.message());
                    }
                  });
            });
  }

  private void failed(String message) {
    fx.accept(
        () -> {
          running.set(false);
          problem.set(message);
          status.set("Not started.");
        });
  }

  /** SIGINT: bpftrace prints its maps and ends. */
  public void stop() {
    TraceRun r = run;
    if (r != null && running.get()) {
      status.set("Stopping: bpftrace prints its maps…");
      io.execute(r::stop);
    }
  }

  /** Ends the run now, without final maps. */
  public void cancel() {
    TraceRun r = run;
    if (r != null && running.get()) {
      io.execute(r::cancel);
    }
  }

  /** The raw stream of the current run, for Save recording; empty when there is none. */
  public Optional<Path> recording() {
    return Optional.ofNullable(recording);
  }

  public String recordingName() {
    return recordingName.isEmpty() ? "trace" : recordingName;
  }

  /** Copies the current run's raw stream to where the user chose. */
  public void saveRecording(Path to) throws IOException {
    Path from = recording;
    if (from == null) {
      throw new IOException("this run has no recording (built-in recordings are part of the app)");
    }
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }

  private String counters() {
    TraceAggregator agg = aggregator;
    if (agg == null) {
      return "";
    }
    TraceAggregator.Summary s = agg.summary();
    return counters(s);
  }

  private String counters(TraceAggregator.Summary s) {
    double secs = Math.max(1e-3, (System.nanoTime() - startedAt) / 1e9);
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%,d records (%,.0f/s) · %,d events · %,d glitches",
                s.records(),
                s.records() / secs,
                s.events(),
                s.glitches()));
    if (s.events() > eventCapacity) {
      b.append(String.format(Locale.ROOT, " · latest %,d kept", eventCapacity));
    }
    if (s.lostEvents() > 0) {
      b.append(String.format(Locale.ROOT, " · %,d LOST by the kernel", s.lostEvents()));
    }
    if (s.badLines() > 0) {
      b.append(String.format(Locale.ROOT, " · %,d bad lines", s.badLines()));
    }
    return b.toString();
  }

  /** Once per pulse: refreshes what is shown when the stream moved, at most 4 times a second. */
  public void tick() {
    long now = System.nanoTime();
    if (!dirty.get()
        || now - lastRefresh < REFRESH_NANOS
        || !refreshing.compareAndSet(false, true)) {
      return;
    }
    dirty.set(false);
    lastRefresh = now;
    TraceAggregator agg = aggregator;
    if (agg == null) {
      refreshing.set(false);
      return;
    }
    String filter = eventFilter;
    String hist = histogram;
    String stacks = stackMap;
    boolean live = running.get();
    io.execute(
        () -> {
          try {
            Shown s = build(agg, filter, hist, stacks);
            String line = counters(s.summary());
            fx.accept(
                () -> {
                  shown.set(s);
                  if (live && running.get()) {
                    status.set("Running · " + line);
                  }
                });
          } finally {
            refreshing.set(false);
          }
        });
  }

  private Shown build(TraceAggregator agg, String filter, String hist, String stacks) {
    TraceAggregator.Summary summary = agg.summary();
    String[] words = filter.isEmpty() ? new String[0] : filter.split("\\s+");
    List<EventRow> rows = new ArrayList<>();
    // Attribution first, then the filter: a pod name is something to filter by.
    List<TraceEvent> latest =
        agg.events().latest(words.length == 0 ? EVENTS_SHOWN : Integer.MAX_VALUE, e -> true);
    PodAttribution a = attribution;
    if (a != null) {
      java.util.Set<Integer> pids = new java.util.HashSet<>();
      for (int i = Math.max(0, latest.size() - EVENTS_SHOWN); i < latest.size(); i++) {
        pids.add(latest.get(i).pid());
      }
      a.prefetch(pids);
    }
    for (int i = latest.size() - 1; i >= 0 && rows.size() < EVENTS_SHOWN; i--) {
      EventRow r = row(latest.get(i));
      if (words.length == 0 || r.matches(words)) {
        rows.add(r);
      }
    }
    java.util.Collections.reverse(rows);
    List<GlitchRow> glitches = new ArrayList<>();
    for (TraceAggregator.Glitch g : agg.glitches().latest(EVENTS_SHOWN)) {
      glitches.add(new GlitchRow(g.cause(), row(g.event())));
    }
    // Worst first; retransmits (no time of their own) after the timed ones, newest first.
    glitches.sort(
        java.util.Comparator.comparingDouble(
                (GlitchRow g) ->
                    Double.isNaN(g.row().event().latencyMs()) ? -1 : g.row().event().latencyMs())
            .thenComparingLong(GlitchRow::seq)
            .reversed());
    HistSeries.View chosen = null;
    for (HistSeries.View v : summary.histograms()) {
      if (chosen == null || v.title().equals(hist)) {
        chosen = v;
      }
      if (v.title().equals(hist)) {
        break;
      }
    }
    String map = stacks;
    if (!summary.stackMaps().contains(map)) {
      map = summary.stackMaps().isEmpty() ? "" : summary.stackMaps().get(0);
    }
    FlameGraph.Node flame = map.isEmpty() ? null : agg.flame(map);
    return new Shown(summary, rows, glitches, chosen, flame);
  }

  private EventRow row(TraceEvent e) {
    PodAttribution a = attribution;
    PodAttribution.Owner o =
        a == null || (e.pid() <= 0 && e.cgroupId() <= 1)
            ? PodAttribution.Owner.UNKNOWN
            : a.owner(e.pid(), e.cgroupId());
    return new EventRow(e, o.namespace(), o.pod(), o.container(), o.cgroupPath());
  }

  /** The whole trace as JSON (the section's Export → JSON). */
  public String exportJson() {
    TraceAggregator agg = aggregator;
    return agg == null ? "{}\n" : TraceReport.json(source.get(), agg, this::owner);
  }

  private PodAttribution.Owner owner(Integer pid, Long cg) {
    PodAttribution a = attribution;
    return a == null ? PodAttribution.Owner.UNKNOWN : a.owner(pid, cg);
  }

  /** Every kept event as CSV, oldest first (Export → CSV). */
  public String exportCsv() {
    TraceAggregator agg = aggregator;
    StringBuilder b =
        new StringBuilder(
            "seq,elapsed_s,kind,pid,tid,comm,namespace,pod,container,latency_ms,detail\n");
    if (agg == null) {
      return b.toString();
    }
    for (TraceEvent e : agg.events().all()) {
      EventRow r = row(e);
      b.append(e.seq())
          .append(',')
          .append(e.elapsedNs() < 0 ? "" : String.format(Locale.ROOT, "%.6f", e.elapsedNs() / 1e9))
          .append(',')
          .append(csv(e.kind()))
          .append(',')
          .append(e.pid())
          .append(',')
          .append(e.tid())
          .append(',')
          .append(csv(e.comm()))
          .append(',')
          .append(csv(r.namespace()))
          .append(',')
          .append(csv(r.pod()))
          .append(',')
          .append(csv(r.container()))
          .append(',')
          .append(
              Double.isNaN(e.latencyMs()) ? "" : String.format(Locale.ROOT, "%.3f", e.latencyMs()))
          .append(',')
          .append(csv(e.kind().equals("printf") ? e.text() : e.detail()))
          .append('\n');
    }
    return b.toString();
  }

  private static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** Ends whatever runs (the section closes or the console exits). */
  public void close() {
    TraceRun r = run;
    if (r != null && running.get()) {
      r.cancel();
    }
  }
}
