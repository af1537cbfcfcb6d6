package dev.fleetscope.app.bench;

import atlantafx.base.theme.PrimerLight;
import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.BlockState;
import dev.fleetscope.services.gpumemory.SnapshotBlock;
import dev.fleetscope.services.gpumemory.SnapshotSegment;
import dev.fleetscope.views.gpumemory.SegmentMap;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * {@code fleetscope bench segment-map}: a snapshot of one million blocks (1,000 segments of 1,000)
 * in the GPU memory map, panned once per frame at several zoom levels (at zoom 1, down by a row).
 * Reports the FX-thread time of each frame's drawing, the render thread's painting time (from
 * JavaFX's pulse logger) and the gaps between pulses, with level of detail on (the map as shipped)
 * and off (every block drawn, however narrow) in the same run, and the pulse gaps of the same
 * window with nothing changing.
 */
final class SegmentMapBench {
  private static final int SEGMENTS = 1000;
  private static final int BLOCKS = 1000;
  private static final int FRAMES = 120;

  private SegmentMapBench() {}

  /** Render-thread painting times (ms) of the pulses since the last clear, from the pulse log. */
  private static final List<Integer> PAINTING = new CopyOnWriteArrayList<>();

  private static final Pattern PAINTED = Pattern.compile("\\+(\\d+)ms\\): Painting");

  /**
   * Turns on JavaFX's pulse logger and reads its lines off standard error: each pulse's "Painting"
   * step is the render thread drawing the frame. The logger's other lines are dropped.
   */
  private static void readPulseLog() {
    System.setProperty("javafx.pulseLogger", "true");
    System.setProperty("javafx.pulseLogger.threshold", "0");
    PrintStream err = System.err;
    System.setErr(
        new PrintStream(
            new OutputStream() {
              private final ByteArrayOutputStream line = new ByteArrayOutputStream();

              @Override
              public void write(int b) {
                if (b != '\n') {
                  line.write(b);
                  return;
                }
                String l = line.toString(StandardCharsets.UTF_8);
                line.reset();
                Matcher m = PAINTED.matcher(l);
                if (m.find()) {
                  PAINTING.add(Integer.parseInt(m.group(1)));
                } else if (!l.isBlank()
                    && !l.startsWith("PULSE")
                    && !l.startsWith("Counters")
                    && !l.startsWith("\t")
                    && !l.startsWith("[")
                    && !l.matches("T\\d+ .*")) {
                  err.println(l);
                }
              }
            },
            true,
            StandardCharsets.UTF_8));
  }

  static int run() throws Exception {
    readPulseLog();
    AllocatorSnapshot s = snapshot();
    CompletableFuture<SegmentMap> shown = new CompletableFuture<>();
    Platform.startup(
        () -> {
          Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
          SegmentMap map = new SegmentMap();
          Stage stage = new Stage();
          stage.setScene(new Scene(map, 1440, 860));
          stage.show();
          map.setSnapshot(s);
          shown.complete(map);
        });
    SegmentMap map = shown.get(60, TimeUnit.SECONDS);
    // One untimed pass over every configuration first, so neither side pays for the JIT.
    for (boolean lod : new boolean[] {true, false}) {
      for (double zoom : new double[] {1, 16, 256}) {
        pan(map, lod, zoom);
      }
    }
    double[] idle = idleGaps();
    System.out.printf(
        "RESULT segment-map-idle pulse gap p50 %.1f ms p99 %.1f ms (an animation timer, nothing"
            + " changing)%n",
        idle[idle.length / 2], idle[(idle.length - 1) * 99 / 100]);
    PAINTING.clear();
    for (boolean lod : new boolean[] {false, true}) {
      for (double zoom : new double[] {1, 16, 256}) {
        PAINTING.clear();
        double[][] r = pan(map, lod, zoom);
        int[] paint = PAINTING.stream().mapToInt(Integer::intValue).sorted().toArray();
        System.out.printf(
            "RESULT segment-map-draw-%s-zoom%.0f median %.2f ms p99 %.2f ms; pulse gap p99 %.1f"
                + " ms; render thread painting median %d ms p90 %d ms (%d pulses)%n",
            lod ? "lod" : "every-block",
            zoom,
            r[0][FRAMES / 2],
            r[0][FRAMES * 99 / 100],
            r[1][(r[1].length - 1) * 99 / 100],
            paint.length == 0 ? -1 : paint[paint.length / 2],
            paint.length == 0 ? -1 : paint[paint.length * 9 / 10],
            paint.length);
      }
    }
    Platform.exit();
    return 0;
  }

  /** Pans one step per pulse; returns sorted draw times and sorted pulse gaps, in ms. */
  private static double[][] pan(SegmentMap map, boolean lod, double zoom) throws Exception {
    CompletableFuture<double[][]> done = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          map.setLevelOfDetail(lod);
          map.setSnapshot(mapSnapshot);
          map.zoomAt(zoom, 0);
          double[] draw = new double[FRAMES];
          double[] gaps = new double[FRAMES - 1];
          new AnimationTimer() {
            int frame;
            long last;

            @Override
            public void handle(long now) {
              if (frame > 0) {
                gaps[frame - 1] = (now - last) / 1e6;
              }
              last = now;
              long t0 = System.nanoTime();
              step(map, zoom, frame);
              draw[frame] = (System.nanoTime() - t0) / 1e6;
              if (++frame == FRAMES) {
                stop();
                Arrays.sort(draw);
                Arrays.sort(gaps);
                done.complete(new double[][] {draw, gaps});
              }
            }
          }.start();
        });
    return done.get(120, TimeUnit.SECONDS);
  }

  /**
   * One pan step: sideways when zoomed in; at zoom 1 the whole width is in view, so the map is
   * panned down by a segment row instead.
   */
  private static void step(SegmentMap map, double zoom, int frame) {
    if (zoom == 1) {
      map.scrollRowsBy(frame % 200 < 100 ? 1 : -1);
    } else {
      map.panBy(0.5 / zoom / FRAMES);
    }
  }

  /** Pulse gaps, sorted, of the same window with an animation timer that changes nothing. */
  private static double[] idleGaps() throws Exception {
    CompletableFuture<double[]> done = new CompletableFuture<>();
    Platform.runLater(
        () ->
            new AnimationTimer() {
              final double[] gaps = new double[FRAMES - 1];
              int frame;
              long last;

              @Override
              public void handle(long now) {
                if (frame > 0) {
                  gaps[frame - 1] = (now - last) / 1e6;
                }
                last = now;
                if (++frame == FRAMES) {
                  stop();
                  Arrays.sort(gaps);
                  done.complete(gaps);
                }
              }
            }.start());
    return done.get(60, TimeUnit.SECONDS);
  }

  private static AllocatorSnapshot mapSnapshot;

  private static AllocatorSnapshot snapshot() {
    SplittableRandom rnd = new SplittableRandom(7);
    List<SnapshotSegment> segments = new ArrayList<>(SEGMENTS);
    long base = 0x7f0000000000L;
    for (int i = 0; i < SEGMENTS; i++) {
      List<SnapshotBlock> blocks = new ArrayList<>(BLOCKS);
      long at = base;
      for (int j = 0; j < BLOCKS; j++) {
        long size = 512L * (1 + rnd.nextInt(128));
        boolean allocated = rnd.nextInt(3) != 0;
        blocks.add(
            new SnapshotBlock(
                at,
                size,
                allocated ? size - rnd.nextInt(512) : 0,
                allocated ? BlockState.ACTIVE_ALLOCATED : BlockState.INACTIVE,
                List.of()));
        at += size;
      }
      segments.add(new SnapshotSegment(0, base, at - base, 0, "large", false, blocks));
      base = (at + (2L << 20)) & ~((2L << 20) - 1);
    }
    mapSnapshot = new AllocatorSnapshot("bench", "synthetic", segments, List.of(), Map.of());
    return mapSnapshot;
  }
}
