package dev.fleetscope.app.bench;

import atlantafx.base.theme.PrimerLight;
import dev.fleetscope.services.gpufleet.GpuReading;
import dev.fleetscope.views.gpumemory.GpuGrid;
import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * {@code fleetscope bench gpu-grid}: FX-thread time to refresh the fleet grid with 4,000 GPUs (500
 * nodes of 8, 10 clusters), against putting the same readings into the console's table, in the same
 * run.
 */
final class GpuGridBench {
  private static final int REFRESHES = 30;

  private GpuGridBench() {}

  static int run() throws Exception {
    CompletableFuture<Object[]> shown = new CompletableFuture<>();
    Platform.startup(
        () -> {
          Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
          GpuGrid grid = new GpuGrid();
          DataTable<GpuReading> table =
              new DataTable<>(
                  "GPUs",
                  List.of(
                      Column.text("Cluster", GpuReading::cluster, 100),
                      Column.text("Node", GpuReading::host, 140),
                      Column.text("GPU", GpuReading::gpu, 40),
                      Column.number("FB used", GpuReading::fbUsedMiB, 80),
                      Column.number("Util", GpuReading::utilPercent, 60),
                      Column.text("Pod", GpuReading::pod, 160)),
                  g -> g.cluster() + "/" + g.uuid(),
                  Executors.newSingleThreadExecutor());
          VBox box = new VBox(grid, table);
          grid.setPrefHeight(600);
          Stage stage = new Stage();
          stage.setScene(new Scene(box, 1440, 900));
          stage.show();
          shown.complete(new Object[] {grid, table});
        });
    Object[] nodes = shown.get(60, TimeUnit.SECONDS);
    GpuGrid grid = (GpuGrid) nodes[0];
    @SuppressWarnings("unchecked")
    DataTable<GpuReading> table = (DataTable<GpuReading>) nodes[1];
    double[] gridMs = new double[REFRESHES];
    double[] tableMs = new double[REFRESHES];
    for (int i = -5; i < REFRESHES; i++) {
      List<GpuReading> gpus = fleet(i + 10);
      int k = i;
      CompletableFuture<Void> done = new CompletableFuture<>();
      Platform.runLater(
          () -> {
            long t0 = System.nanoTime();
            grid.setGpus(gpus, Set.of());
            long t1 = System.nanoTime();
            table.setRows(gpus);
            long t2 = System.nanoTime();
            if (k >= 0) {
              gridMs[k] = (t1 - t0) / 1e6;
              tableMs[k] = (t2 - t1) / 1e6;
            }
            done.complete(null);
          });
      done.get(30, TimeUnit.SECONDS);
      Thread.sleep(50);
    }
    Arrays.sort(gridMs);
    Arrays.sort(tableMs);
    System.out.printf(
        "RESULT gpu-grid-refresh-4000 median %.2f ms p99 %.2f ms; the same readings into the table: median %.2f ms p99 %.2f ms%n",
        gridMs[REFRESHES / 2],
        gridMs[REFRESHES - 1],
        tableMs[REFRESHES / 2],
        tableMs[REFRESHES - 1]);
    Platform.exit();
    return 0;
  }

  private static List<GpuReading> fleet(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<GpuReading> out = new ArrayList<>(4000);
    for (int n = 0; n < 500; n++) {
      for (int g = 0; g < 8; g++) {
        boolean held = rnd.nextInt(4) != 0;
        out.add(
            new GpuReading(
                "cluster-" + (n / 50),
                "gpu-node-" + n,
                Integer.toString(g),
                "GPU-" + n + "-" + g,
                "NVIDIA H100 80GB HBM3",
                held ? 72000 + rnd.nextInt(2000) : 1,
                held ? 8000 : 80000,
                512,
                held ? rnd.nextInt(100) : 0,
                Double.NaN,
                Double.NaN,
                40,
                300,
                Double.NaN,
                held ? "serving" : "",
                held ? "llama-" + n + "-" + g : "",
                held ? "vllm" : ""));
      }
    }
    return out;
  }
}
