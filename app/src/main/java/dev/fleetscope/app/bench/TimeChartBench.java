package dev.fleetscope.app.bench;

import atlantafx.base.theme.PrimerLight;
import dev.fleetscope.services.metrics.TimeSeries;
import dev.fleetscope.views.widgets.TimeChart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * {@code fleetscope bench time-chart}: one series of 1,000,000 points (a week at 0.6 s) in the
 * console's chart, 1200 px wide: the FX-thread time of a frame that pans the range (reduce to pixel
 * columns, then draw), and of a frame with the pointer moving (draw only); each frame is then
 * rendered with a snapshot. Baseline in the same run: JavaFX's {@code LineChart} given the same
 * points (set the data, lay out, render a snapshot).
 */
final class TimeChartBench {
  static final int POINTS = 1_000_000;
  static final int FRAMES = 40;
  static final int LINE_CHART_RUNS = 2;

  private TimeChartBench() {}

  static int run() throws Exception {
    long t0 = Instant.parse("2026-11-17T00:00:00Z").toEpochMilli();
    long[] times = new long[POINTS];
    double[] values = new double[POINTS];
    SplittableRandom rnd = new SplittableRandom(7);
    double v = 100;
    for (int i = 0; i < POINTS; i++) {
      times[i] = t0 + i * 600L;
      v = Math.max(0, v + rnd.nextGaussian());
      values[i] = v + (rnd.nextInt(5000) == 0 ? 80 : 0);
    }
    TimeSeries series = new TimeSeries("requests", "req/s", times, values);
    long span = times[POINTS - 1] - t0;

    CompletableFuture<Object[]> shown = new CompletableFuture<>();
    Platform.startup(
        () -> {
          Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
          TimeChart chart = new TimeChart("Requests", Executors.newSingleThreadExecutor());
          StackPane box = new StackPane(chart);
          Stage stage = new Stage();
          stage.setScene(new Scene(box, 1260, 400));
          stage.show();
          shown.complete(new Object[] {chart, stage});
        });
    Object[] ui = shown.get(60, TimeUnit.SECONDS);
    TimeChart chart = (TimeChart) ui[0];
    Stage stage = (Stage) ui[1];

    double[] pan = new double[FRAMES];
    double[] hover = new double[FRAMES];
    double[] render = new double[FRAMES];
    for (int i = -15; i < FRAMES; i++) {
      int k = i;
      double[] r =
          fx(
              () -> {
                long shift = (long) (span * 0.002 * (k + 15));
                long a = System.nanoTime();
                chart.setSeries(
                    List.of(series),
                    Instant.ofEpochMilli(t0 + shift),
                    Instant.ofEpochMilli(t0 + shift + span * 9 / 10));
                long b = System.nanoTime();
                chart.draw();
                long c = System.nanoTime();
                chart.snapshot(null, null);
                long d = System.nanoTime();
                return new double[] {(b - a) / 1e6, (c - b) / 1e6, (d - c) / 1e6};
              });
      if (i >= 0) {
        pan[i] = r[0];
        hover[i] = r[1];
        render[i] = r[2];
      }
    }
    Arrays.sort(pan);
    Arrays.sort(hover);
    Arrays.sort(render);

    double[] line = new double[LINE_CHART_RUNS];
    for (int run = 0; run < LINE_CHART_RUNS; run++) {
      int r = run;
      line[run] =
          fx(
              () -> {
                NumberAxis x = new NumberAxis();
                NumberAxis y = new NumberAxis();
                LineChart<Number, Number> lc = new LineChart<>(x, y);
                lc.setCreateSymbols(false);
                lc.setAnimated(false);
                stage.getScene().setRoot(new StackPane(lc));
                List<XYChart.Data<Number, Number>> data = new ArrayList<>(POINTS);
                for (int i = 0; i < POINTS; i++) {
                  data.add(new XYChart.Data<>(times[i], values[i] + r));
                }
                long a = System.nanoTime();
                XYChart.Series<Number, Number> s = new XYChart.Series<>();
                s.getData().setAll(data);
                lc.getData().add(s);
                lc.applyCss();
                lc.layout();
                lc.snapshot(null, null);
                return (System.nanoTime() - a) / 1e6;
              });
    }
    Arrays.sort(line);
    double lineMs = line[0];
    double frame = pan[FRAMES / 2] + render[FRAMES / 2];
    System.out.printf(
        "time-chart 1M points: pan frame (reduce + draw) median %.2f ms p99 %.2f ms; pointer frame (draw) median %.2f ms p99 %.2f ms; snapshot render median %.2f ms p99 %.2f ms%n",
        pan[FRAMES / 2],
        pan[FRAMES - 1],
        hover[FRAMES / 2],
        hover[FRAMES - 1],
        render[FRAMES / 2],
        render[FRAMES - 1]);
    System.out.printf(
        "LineChart, same points (set data, layout, snapshot): best of %d %.0f ms (all: %s)%n",
        LINE_CHART_RUNS, lineMs, Arrays.toString(line));
    System.out.printf("RESULT time-chart-1m %.2f ms %.4fx%n", frame, frame / lineMs);
    Platform.exit();
    return 0;
  }

  private static <T> T fx(Callable<T> c) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            f.complete(c.call());
          } catch (Throwable e) {
            f.completeExceptionally(e);
          }
        });
    return f.get(600, TimeUnit.SECONDS);
  }
}
