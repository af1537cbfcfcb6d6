package dev.fleetscope.bench;

import atlantafx.base.theme.PrimerLight;
import dev.fleetscope.services.metrics.TimeSeries;
import dev.fleetscope.views.widgets.TimeChart;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The console's chart ({@link TimeChart}) and ChartFX's {@code XYChart} with its default
 * reducing renderer, given the same 1,000,000 points in the same 1260x400 window, in one run: each
 * frame pans the visible range by 0.2% of the span. Per frame: the FX-thread work of the pan
 * (setting the range, reducing, drawing: for ChartFX its CSS and layout pass, where it renders),
 * then a snapshot (the software render of the scene graph), as {@code bench time-chart} times it.
 * The two charts alternate in rounds so neither gets a warmer JIT or a quieter machine.
 */
public final class TimeChartVsChartFx {
  static final int POINTS = 1_000_000;
  static final int FRAMES = 40;
  static final int WARMUP = 15;
  static final int ROUNDS = 3;

  private TimeChartVsChartFx() {}

  public static void main(String[] args) throws Exception {
    long t0 = Instant.parse("2026-11-17T00:00:00Z").toEpochMilli();
    long[] times = new long[POINTS];
    double[] xs = new double[POINTS];
    double[] values = new double[POINTS];
    SplittableRandom rnd = new SplittableRandom(7);
    double v = 100;
    for (int i = 0; i < POINTS; i++) {
      times[i] = t0 + i * 600L;
      xs[i] = times[i];
      v = Math.max(0, v + rnd.nextGaussian());
      values[i] = v + (rnd.nextInt(5000) == 0 ? 80 : 0);
    }
    TimeSeries series = new TimeSeries("requests", "req/s", times, values);
    long span = times[POINTS - 1] - t0;

    CompletableFuture<Stage> shown = new CompletableFuture<>();
    Platform.startup(
        () -> {
          Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
          Stage stage = new Stage();
          stage.setScene(new Scene(new StackPane(), 1260, 400));
          stage.show();
          shown.complete(stage);
        });
    Stage stage = shown.get(60, TimeUnit.SECONDS);

    TimeChart own = fx(() -> new TimeChart("Requests", Executors.newSingleThreadExecutor()));
    Object[] cfx =
        fx(
            () -> {
              DefaultNumericAxis x = new DefaultNumericAxis("time", "ms");
              DefaultNumericAxis y = new DefaultNumericAxis("requests", "req/s");
              x.setAutoRanging(false);
              x.setAnimated(false);
              y.setAnimated(false);
              y.setAutoRangeRounding(false);
              PulseChart chart = new PulseChart(x, y);
              chart.setAnimated(false);
              ErrorDataSetRenderer renderer = (ErrorDataSetRenderer) chart.getRenderers().get(0);
              renderer.setDrawMarker(false);
              renderer.setPointReduction(true);
              DoubleDataSet data = new DoubleDataSet("requests", xs, values, POINTS, false);
              chart.getDatasets().add(data);
              return new Object[] {chart, x};
            });
    PulseChart chart = (PulseChart) cfx[0];
    DefaultNumericAxis chartX = (DefaultNumericAxis) cfx[1];

    double[][] ownAll = new double[3][0];
    double[][] cfxAll = new double[3][0];
    for (int round = 0; round < ROUNDS; round++) {
      fx(
          () -> {
            stage.getScene().setRoot(new StackPane(own));
            return null;
          });
      ownAll = concat(ownAll, frames(k -> ownFrame(own, series, t0, span, k)));
      fx(
          () -> {
            stage.getScene().setRoot(new StackPane(chart));
            return null;
          });
      cfxAll = concat(cfxAll, frames(k -> chartFxFrame(chart, chartX, t0, span, k)));
    }
    // Both charts must really draw each new range: two pans apart give different pictures.
    for (javafx.scene.Node n : List.of(own, chart)) {
      fx(
          () -> {
            stage.getScene().setRoot(new StackPane(n));
            return null;
          });
      long[] hashes = new long[2];
      for (int i = 0; i < 2; i++) {
        int k = 5 + 30 * i;
        hashes[i] =
            fx(
                () -> {
                  if (n == own) {
                    ownFrame(own, series, t0, span, k);
                  } else {
                    chartFxFrame(chart, chartX, t0, span, k);
                  }
                  return pixels(n.snapshot(null, null));
                });
      }
      if (hashes[0] == hashes[1]) {
        throw new IllegalStateException(n.getClass().getSimpleName() + " did not redraw on pan");
      }
    }
    report("fleetscope TimeChart", ownAll);
    report("ChartFX 11.3.1 XYChart", cfxAll);
    double ownFrame = median(ownAll[0]) + median(ownAll[1]);
    double cfxFrame = median(cfxAll[0]) + median(cfxAll[1]);
    System.out.printf(
        Locale.ROOT,
        "RESULT time-chart-vs-chartfx %.2f ms %.2fx (ChartFX %.2f ms)%n",
        ownFrame,
        ownFrame / cfxFrame,
        cfxFrame);
    Platform.exit();
  }

  interface Frame {
    double[] run(int k) throws Exception;
  }

  /** WARMUP untimed frames, then FRAMES timed: [pan work, snapshot] in ms per frame. */
  static double[][] frames(Frame f) throws Exception {
    double[][] out = new double[2][FRAMES];
    for (int i = -WARMUP; i < FRAMES; i++) {
      int k = i + WARMUP;
      double[] r = fx(() -> f.run(k));
      if (i >= 0) {
        out[0][i] = r[0];
        out[1][i] = r[1];
      }
    }
    return out;
  }

  static double[] ownFrame(TimeChart chart, TimeSeries series, long t0, long span, int k) {
    long shift = (long) (span * 0.002 * k);
    long a = System.nanoTime();
    chart.setSeries(
        List.of(series),
        Instant.ofEpochMilli(t0 + shift),
        Instant.ofEpochMilli(t0 + shift + span * 9 / 10));
    chart.draw();
    long b = System.nanoTime();
    chart.snapshot(null, null);
    long c = System.nanoTime();
    return new double[] {(b - a) / 1e6, (c - b) / 1e6};
  }

  /**
   * ChartFX does its work in the scene's pre- and post-layout pulse hooks (axis ranges and data
   * locking before CSS and layout, axis and canvas drawing after). This runs the same three steps
   * a pulse runs, in the same order, so that a frame's work is timed in full and the snapshot shows
   * the new range; the pulse's own hooks then find nothing left to do.
   */
  static final class PulseChart extends XYChart {
    PulseChart(DefaultNumericAxis x, DefaultNumericAxis y) {
      super(x, y);
    }

    void pulse() {
      runPreLayout();
      applyCss();
      layout();
      runPostLayout();
    }
  }

  static double[] chartFxFrame(
      PulseChart chart, DefaultNumericAxis x, long t0, long span, int k) {
    long shift = (long) (span * 0.002 * k);
    long a = System.nanoTime();
    x.set(t0 + shift, t0 + shift + span * 9 / 10);
    chart.pulse();
    long b = System.nanoTime();
    chart.snapshot(null, null);
    long c = System.nanoTime();
    return new double[] {(b - a) / 1e6, (c - b) / 1e6};
  }

  static long pixels(javafx.scene.image.Image image) {
    long h = 1;
    var reader = image.getPixelReader();
    for (int y = 0; y < (int) image.getHeight(); y += 2) {
      for (int x = 0; x < (int) image.getWidth(); x += 2) {
        h = 31 * h + reader.getArgb(x, y);
      }
    }
    return h;
  }

  static void report(String name, double[][] ms) {
    double[] pan = ms[0].clone();
    double[] snap = ms[1].clone();
    Arrays.sort(pan);
    Arrays.sort(snap);
    System.out.printf(
        Locale.ROOT,
        "%s, %d frames: pan work median %.2f ms p99 %.2f ms; snapshot median %.2f ms p99 %.2f ms;"
            + " frame median %.2f ms%n",
        name,
        pan.length,
        median(pan),
        pan[pan.length - 1],
        median(snap),
        snap[snap.length - 1],
        median(pan) + median(snap));
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static double[][] concat(double[][] a, double[][] b) {
    double[][] out = new double[2][];
    for (int i = 0; i < 2; i++) {
      out[i] = Arrays.copyOf(a[i], a[i].length + b[i].length);
      System.arraycopy(b[i], 0, out[i], a[i].length, b[i].length);
    }
    return out;
  }

  static <T> T fx(Callable<T> c) throws Exception {
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
