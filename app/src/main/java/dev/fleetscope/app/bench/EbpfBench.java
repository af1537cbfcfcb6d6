package dev.fleetscope.app.bench;

import atlantafx.base.theme.PrimerLight;
import dev.fleetscope.services.ebpf.HistSeries;
import dev.fleetscope.services.ebpf.PodAttribution;
import dev.fleetscope.services.ebpf.ScriptLibrary;
import dev.fleetscope.services.ebpf.TraceAggregator;
import dev.fleetscope.services.ebpf.TraceEnd;
import dev.fleetscope.services.ebpf.TraceFormatException;
import dev.fleetscope.services.ebpf.TraceListener;
import dev.fleetscope.services.ebpf.TraceParams;
import dev.fleetscope.services.ebpf.TraceParser;
import dev.fleetscope.services.ebpf.TraceReader;
import dev.fleetscope.services.ebpf.TraceRun;
import dev.fleetscope.views.common.PulseCoalescer;
import dev.fleetscope.views.ebpf.EbpfView;
import dev.fleetscope.views.ebpf.EbpfViewModel;
import dev.fleetscope.views.ebpf.TraceControl;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The eBPF benchmarks. {@code ebpf-parse}: a 1,000,000-line stream shaped like the library's output
 * (85% printf events, the rest time, histogram and map records) read and parsed on one thread,
 * against {@code jq -c .} on the same file in the same run. {@code ebpf-ui}: the eBPF section fed
 * 50,000 events a second for 10 s: FX pulse gaps against the same window idle before, and the heap,
 * which the event ring (100,000 kept) bounds.
 */
final class EbpfBench {
  static final int LINES = 1_000_000;

  private EbpfBench() {}

  static String printf(SplittableRandom r, long seq) {
    return "{\"type\": \"printf\", \"data\": \"ev=runq t="
        + (seq * 20_000)
        + " pid="
        + (1000 + r.nextInt(50))
        + " tid="
        + (1000 + r.nextInt(400))
        + " cg="
        + (5000 + r.nextInt(20))
        + " lat_us="
        + (10_000 + r.nextInt(40_000))
        + " cpu="
        + r.nextInt(64)
        + " comm=python3\\n\"}";
  }

  /** A 16-bucket log2 histogram record of {@code @runq_us}. */
  static String hist(SplittableRandom r) {
    StringBuilder b = new StringBuilder("{\"type\": \"hist\", \"data\": {\"@runq_us\": [");
    for (int j = 0; j < 16; j++) {
      long lo = 1L << j;
      b.append(j == 0 ? "" : ",")
          .append("{\"min\": ")
          .append(lo)
          .append(", \"max\": ")
          .append(2 * lo - 1)
          .append(", \"count\": ")
          .append(r.nextInt(5000))
          .append('}');
    }
    return b.append("]}}").toString();
  }

  static String line(SplittableRandom r, long i) {
    int k = r.nextInt(100);
    if (k < 85) {
      return printf(r, i);
    }
    if (k < 90) {
      return "{\"type\": \"time\", \"data\": \"08:00:" + (i % 60) + "\\n\"}";
    }
    if (k < 95) {
      return hist(r);
    }
    StringBuilder b = new StringBuilder("{\"type\": \"map\", \"data\": {\"@calls\": {");
    for (int j = 0; j < 10; j++) {
      b.append(j == 0 ? "" : ", ")
          .append('"')
          .append(j * 7)
          .append("\": ")
          .append(r.nextInt(100000));
    }
    return b.append("}}}").toString();
  }

  static int parse() throws Exception {
    Path file = Files.createTempFile("fleetscope-ebpf-bench", ".jsonl");
    SplittableRandom r = new SplittableRandom(11);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < LINES; i++) {
        w.write(line(r, i));
        w.write('\n');
      }
    }
    System.out.printf(Locale.ROOT, "stream: %,d lines, %.1f MB%n", LINES, Files.size(file) / 1e6);
    double[] parse = new double[5];
    double[] aggregate = new double[5];
    for (int run = -1; run < 5; run++) {
      long t0 = System.nanoTime();
      long ok = 0;
      TraceParser p = new TraceParser();
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String l;
        while ((l = in.readLine()) != null) {
          try {
            if (p.parse(l) != null) {
              ok++;
            }
          } catch (TraceFormatException e) {
            throw new IllegalStateException(e);
          }
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      TraceAggregator agg =
          new TraceAggregator(
              new TraceAggregator.Settings(100_000, 10, HistSeries.HistMode.INTERVAL));
      try (var in = Files.newInputStream(file)) {
        new TraceReader(agg, null).read(in);
      }
      double aggSecs = (System.nanoTime() - t1) / 1e9;
      if (run >= 0) {
        parse[run] = ok / secs;
        aggregate[run] = agg.summary().records() / aggSecs;
      }
    }
    Arrays.sort(parse);
    Arrays.sort(aggregate);
    double jq = Double.NaN;
    double[] jqRuns = new double[3];
    boolean haveJq = true;
    for (int run = 0; run < 3 && haveJq; run++) {
      long t0 = System.nanoTime();
      try {
        Process proc =
            new ProcessBuilder("jq", "-c", ".", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (proc.waitFor() != 0) {
          haveJq = false;
        }
      } catch (IOException e) {
        haveJq = false;
      }
      jqRuns[run] = LINES / ((System.nanoTime() - t0) / 1e9);
    }
    if (haveJq) {
      Arrays.sort(jqRuns);
      jq = jqRuns[1];
    }
    Files.deleteIfExists(file);
    System.out.printf(
        Locale.ROOT,
        "parse only: median %,.0f records/s (runs %s)%nparse + aggregate (histograms, event ring, glitches): median %,.0f records/s%njq -c . on the same file: %s%n",
        parse[2],
        Arrays.toString(Arrays.stream(parse).mapToLong(Math::round).toArray()),
        aggregate[2],
        haveJq ? String.format(Locale.ROOT, "median %,.0f records/s", jq) : "jq not installed");
    System.out.println(
        Benchmarks.result("ebpf-parse", parse[2], "records/s")
            + (haveJq ? Benchmarks.ratio(parse[2], jq) : ""));
    System.out.println(
        Benchmarks.result("ebpf-parse-aggregate", aggregate[2], "records/s")
            + (haveJq ? Benchmarks.ratio(aggregate[2], jq) : ""));
    return 0;
  }

  /** A target that streams synthetic runq events at a fixed rate through the real reader. */
  private static final class Firehose implements TraceControl {
    final int perSecond;
    final int seconds;

    Firehose(int perSecond, int seconds) {
      this.perSecond = perSecond;
      this.seconds = seconds;
    }

    @Override
    public List<Target> targets() {
      return List.of(new Target("host", "synthetic firehose", Target.Kind.HOST, Optional.empty()));
    }

    @Override
    public Optional<String> changeToConfirm(Target t, String program, int limitSeconds) {
      return Optional.empty();
    }

    @Override
    public Optional<String> check(Target t) {
      return Optional.empty();
    }

    @Override
    public TraceRun start(Target t, String program, int limit, TraceListener l, Writer recording) {
      CompletableFuture<TraceEnd> done = new CompletableFuture<>();
      Thread th =
          new Thread(
              () -> {
                TraceReader reader = new TraceReader(l, recording);
                SplittableRandom r = new SplittableRandom(3);
                long start = System.nanoTime();
                long sent = 0;
                long total = (long) perSecond * seconds;
                try {
                  while (sent < total) {
                    long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
                    while (sent < Math.min(due, total)) {
                      if (sent % perSecond == 0) {
                        reader.accept(
                            "{\"type\": \"time\", \"data\": \"08:00:"
                                + (sent / perSecond)
                                + "\\n\"}");
                        reader.accept(hist(r));
                      }
                      reader.accept(printf(r, sent++));
                    }
                    Thread.sleep(2);
                  }
                  done.complete(new TraceEnd(true, "Finished.", reader.lines()));
                } catch (IOException | InterruptedException e) {
                  done.complete(new TraceEnd(false, e.toString(), reader.lines()));
                }
              },
              "firehose");
      th.setDaemon(true);
      th.start();
      return new TraceRun() {
        @Override
        public String target() {
          return "synthetic";
        }

        @Override
        public void stop() {}

        @Override
        public void cancel() {}

        @Override
        public CompletableFuture<TraceEnd> done() {
          return done;
        }
      };
    }

    @Override
    public TraceRun replay(Optional<Target> r, Optional<Path> f, TraceListener l, double speed) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PodAttribution attribution(Target t) {
      return PodAttribution.none();
    }

    @Override
    public Path newRecordingFile(String scriptId) {
      try {
        Path p = Files.createTempFile("fleetscope-ebpf-ui", ".jsonl");
        p.toFile().deleteOnExit();
        return p;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public List<String> leftovers() {
      return List.of();
    }

    @Override
    public int cleanUpLeftovers() {
      return 0;
    }

    @Override
    public boolean demo() {
      return false;
    }
  }

  private static <T> T fxGet(java.util.concurrent.Callable<T> c) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            f.complete(c.call());
          } catch (Exception e) {
            f.completeExceptionally(e);
          }
        });
    return f.get(30, TimeUnit.SECONDS);
  }

  static int ui() throws Exception {
    int rate = 50_000;
    int seconds = 10;
    Firehose hose = new Firehose(rate, seconds);
    CompletableFuture<EbpfViewModel> shown = new CompletableFuture<>();
    var io = Executors.newFixedThreadPool(2);
    Platform.startup(
        () -> {
          Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
          PulseCoalescer pulse = new PulseCoalescer();
          EbpfViewModel model = new EbpfViewModel(hose, io, Platform::runLater);
          EbpfView view = new EbpfView(model, pulse, io);
          Stage stage = new Stage();
          Scene scene = new Scene(new javafx.scene.layout.StackPane(view.node()), 1440, 900);
          // The console's own stylesheet, as ConsoleWindow loads it.
          scene
              .getStylesheets()
              .add(
                  java.util.Objects.requireNonNull(
                          EbpfView.class.getResource("/dev/fleetscope/views/fleetscope.css"))
                      .toExternalForm());
          stage.setScene(scene);
          stage.show();
          view.showSubView(System.getProperty("ebpf.tab", "events"));
          pulse.start();
          shown.complete(model);
        });
    EbpfViewModel model = shown.get(60, TimeUnit.SECONDS);
    Thread.sleep(2000);
    PulseGaps idle = new PulseGaps(100_000);
    Platform.runLater(idle::start);
    Thread.sleep(5000);
    Platform.runLater(idle::stop);
    PulseGaps busy = new PulseGaps(100_000);
    var mem = ManagementFactory.getMemoryMXBean();
    long[] heap = new long[2];
    for (int run = 0; run < 2; run++) {
      CompletableFuture<Void> started = new CompletableFuture<>();
      boolean measured = run == 0;
      Platform.runLater(
          () -> {
            if (measured) {
              busy.start();
            }
            model.setEventCapacity(100_000);
            model.start(
                hose.targets().get(0),
                ScriptLibrary.get("runqlat").orElseThrow(),
                new TraceParams(0, 0, 10_000, 1, seconds));
            started.complete(null);
          });
      started.get(10, TimeUnit.SECONDS);
      // Wait for the run to end (no collection is forced while pulses are measured).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 30);
      Thread.sleep(1000);
      while (System.nanoTime() < deadline && fxGet(() -> model.runningProperty().get())) {
        Thread.sleep(200);
      }
      Thread.sleep(500);
      if (measured) {
        Platform.runLater(busy::stop);
      }
      System.gc();
      heap[run] = mem.getHeapMemoryUsage().getUsed();
    }
    long heapHalf = heap[0];
    long heapEnd = heap[1];
    System.out.println("status: " + fxGet(() -> model.statusProperty().get()));
    double idleP99 = idle.quantileMillis(0.99);
    double busyP99 = busy.quantileMillis(0.99);
    System.out.printf(
        Locale.ROOT,
        "idle window: %d pulses, gap p50 %.1f ms p99 %.1f ms%n%,d events/s for %d s: %d pulses, gap p50 %.1f ms p99 %.1f ms%nheap after GC: %.0f MB after the first run, %.0f MB after a second of %d s (100,000 events kept)%n",
        idle.count(),
        idle.quantileMillis(0.5),
        idleP99,
        rate,
        seconds,
        busy.count(),
        busy.quantileMillis(0.5),
        busyP99,
        heapHalf / 1e6,
        heapEnd / 1e6,
        seconds);
    System.out.println(
        Benchmarks.result("ebpf-ui-pulse-gap-p99", busyP99, "ms")
            + Benchmarks.ratio(busyP99, idleP99));
    System.out.println(
        Benchmarks.result("ebpf-ui-heap", heapEnd / 1e6, "MB")
            + Benchmarks.ratio(heapEnd, heapHalf));
    Platform.exit();
    io.shutdownNow();
    return 0;
  }
}
