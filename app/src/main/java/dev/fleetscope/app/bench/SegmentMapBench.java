package dev.fleetscope.app.bench;

import atlantafx.base.theme.PrimerLight;
import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.BlockState;
import dev.fleetscope.services.gpumemory.SnapshotBlock;
import dev.fleetscope.services.gpumemory.SnapshotSegment;
import dev.fleetscope.views.gpumemory.SegmentMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * {@code fleetscope bench segment-map}: a snapshot of one million blocks (1,000 segments of 1,000)
 * in the GPU memory map, panned once per frame at several zoom levels. Reports the FX-thread time
 * of each frame's drawing and the gaps between pulses, with level of detail on (the map as shipped)
 * and off (every block drawn, however narrow) in the same run.
 */
final class SegmentMapBench {
  private static final int SEGMENTS = 1000;
  private static final int BLOCKS = 1000;
  private static final int FRAMES = 120;

  private SegmentMapBench() {}

  static int run() throws Exception {
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
    for (boolean lod : new boolean[] {false, true}) {
      for (double zoom : new double[] {1, 16, 256}) {
        double[][] r = pan(map, lod, zoom);
        System.out.printf(
            "RESULT segment-map-draw-%s-zoom%.0f median %.2f ms p99 %.2f ms; pulse gap p99 %.1f ms%n",
            lod ? "lod" : "every-block",
            zoom,
            r[0][FRAMES / 2],
            r[0][FRAMES * 99 / 100],
            r[1][(r[1].length - 1) * 99 / 100]);
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
              map.panBy(0.5 / zoom / FRAMES);
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
