package dev.fleetscope.views.widgets;

import dev.fleetscope.services.metrics.TimeSeries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.DoubleFunction;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The console's one time-series chart: a canvas that reduces each series to a min/max column per
 * pixel before drawing (so a million points cost what the chart's width costs), with time and value
 * axes, threshold lines, a hover read-out of every series at the pointer, and export of the shown
 * data as PNG or CSV. Times are shown in UTC.
 */
public final class TimeChart extends Region {
  /** Series colours that read on both the light and the dark theme. */
  static final Color[] PALETTE = {
    Color.web("#3b82f6"),
    Color.web("#f59e0b"),
    Color.web("#ef4444"),
    Color.web("#10b981"),
    Color.web("#8b5cf6"),
    Color.web("#ec4899")
  };

  static final double LEFT = 58;
  static final double RIGHT = 12;
  static final double TOP = 22;
  static final double BOTTOM = 22;

  /** A horizontal line at a value, e.g. a burn-rate threshold or budget exhausted. */
  public record Threshold(double value, String label) {}

  private final Canvas canvas = new Canvas();
  private final Label ink = new Label();
  private final Label muted = new Label();
  private final String title;
  private final Executor io;
  private List<TimeSeries> series = List.of();
  private List<Threshold> thresholds = List.of();
  private DoubleFunction<String> format = v -> String.format(Locale.ROOT, "%.3g", v);
  private long from;
  private long to;
  private double hoverX = Double.NaN;
  private boolean includeZero = true;
  private double minStep;
  private String empty = "No data";
  private final List<MinMaxColumns> columns = new ArrayList<>();
  private final java.util.Map<TimeSeries, MinMaxColumns.Blocks> blocks =
      new java.util.IdentityHashMap<>();
  private int columnsWidth = -1;

  public TimeChart(String title, Executor io) {
    this.title = title;
    this.io = io;
    getStyleClass().add("time-chart");
    // Invisible labels carry the theme's text colours into the canvas.
    muted.getStyleClass().add("text-muted");
    ink.setVisible(false);
    muted.setVisible(false);
    ink.setManaged(false);
    muted.setManaged(false);
    getChildren().addAll(canvas, ink, muted);
    // A theme switch restyles the labels; the canvas must be redrawn in the new colours.
    ink.textFillProperty().addListener((o, was, now) -> draw());
    muted.textFillProperty().addListener((o, was, now) -> draw());
    setMinHeight(110);
    setPrefHeight(160);
    canvas.setOnMouseMoved(
        e -> {
          hoverX = e.getX();
          draw();
        });
    canvas.setOnMouseExited(
        e -> {
          hoverX = Double.NaN;
          draw();
        });
    MenuItem png = new MenuItem("Save as PNG…");
    png.setOnAction(
        e ->
            FileExport.save(
                this,
                "Save chart as PNG",
                "PNG",
                "png",
                fileName() + ".png",
                () -> Png.encode(canvas.snapshot(null, null)),
                io));
    MenuItem csv = new MenuItem("Save as CSV…");
    csv.setOnAction(
        e ->
            FileExport.save(
                this,
                "Save chart data as CSV",
                "CSV",
                "csv",
                fileName() + ".csv",
                () -> toCsv().getBytes(StandardCharsets.UTF_8),
                io));
    MenuItem copy = new MenuItem("Copy data (CSV)");
    copy.setOnAction(
        e -> {
          ClipboardContent c = new ClipboardContent();
          c.putString(toCsv());
          Clipboard.getSystemClipboard().setContent(c);
        });
    ContextMenu menu = new ContextMenu(png, csv, copy);
    canvas.setOnContextMenuRequested(e -> menu.show(canvas, e.getScreenX(), e.getScreenY()));
  }

  /** Shows these series over [from, to]; an empty range takes the data's extent. */
  public void setSeries(List<TimeSeries> next, Instant rangeFrom, Instant rangeTo) {
    series = List.copyOf(next);
    blocks.keySet().removeIf(s -> series.stream().noneMatch(n -> n == s));
    from = rangeFrom == null ? dataFrom() : rangeFrom.toEpochMilli();
    to = rangeTo == null ? dataTo() : rangeTo.toEpochMilli();
    columnsWidth = -1;
    draw();
  }

  public void setThresholds(List<Threshold> lines) {
    thresholds = List.copyOf(lines);
    draw();
  }

  /** How values are written on the axis and in the read-out. */
  public void setFormat(DoubleFunction<String> f) {
    format = f;
    draw();
  }

  /** The smallest value-axis step: 1 for counts, so small counts do not get fractional ticks. */
  public void setMinStep(double step) {
    minStep = step;
    draw();
  }

  public void setIncludeZero(boolean b) {
    includeZero = b;
    draw();
  }

  /** What the chart says when it has nothing to draw (for example why there is no data). */
  public void setEmptyText(String text) {
    empty = text;
    draw();
  }

  public List<TimeSeries> series() {
    return series;
  }

  /** The hover read-out at a canvas x position: time and each series' value there. */
  public String readout(double x) {
    double w = canvas.getWidth() - LEFT - RIGHT;
    if (series.isEmpty() || w <= 0 || x < LEFT || x > LEFT + w) {
      return "";
    }
    long t = from + Math.round((x - LEFT) / w * (to - from));
    StringBuilder sb = new StringBuilder(TIME.format(Instant.ofEpochMilli(t))).append(" UTC");
    for (TimeSeries s : series) {
      int i = nearest(s.timesMillis(), t);
      if (i >= 0) {
        sb.append("   ").append(s.name()).append(' ').append(valueText(s.values()[i]));
      }
    }
    return sb.toString();
  }

  /** The data shown, as CSV: one row per instant, one column per series (UTC ISO times). */
  public String toCsv() {
    StringBuilder sb = new StringBuilder("time");
    for (TimeSeries s : series) {
      sb.append(',').append(s.name().replace(",", " ")).append(" (").append(s.unit()).append(')');
    }
    sb.append('\n');
    long[] all =
        series.stream()
            .flatMapToLong(s -> Arrays.stream(s.timesMillis()))
            .filter(t -> t >= from && t <= to)
            .distinct()
            .sorted()
            .toArray();
    for (long t : all) {
      sb.append(Instant.ofEpochMilli(t));
      for (TimeSeries s : series) {
        sb.append(',');
        int i = Arrays.binarySearch(s.timesMillis(), t);
        if (i >= 0 && !Double.isNaN(s.values()[i])) {
          sb.append(s.values()[i]);
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Override
  protected void layoutChildren() {
    double w = snapSizeX(getWidth());
    double h = snapSizeY(getHeight());
    if (canvas.getWidth() != w || canvas.getHeight() != h) {
      canvas.setWidth(w);
      canvas.setHeight(h);
      draw();
    }
  }

  @Override
  protected double computePrefWidth(double height) {
    return 480;
  }

  /** Redraws: called on every change; cost is the width, plus the points when the width changed. */
  public void draw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    g.clearRect(0, 0, w, h);
    double plotW = w - LEFT - RIGHT;
    double plotH = h - TOP - BOTTOM;
    if (plotW < 10 || plotH < 10) {
      return;
    }
    Paint text = ink.getTextFill();
    Paint faint = muted.getTextFill();
    g.setFont(Font.font(11));
    g.setFill(text);
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.TOP);
    g.fillText(title, LEFT, 3);
    if (series.isEmpty() || to <= from) {
      g.setFill(faint);
      g.setTextAlign(TextAlignment.CENTER);
      g.setTextBaseline(VPos.CENTER);
      g.fillText(empty, LEFT + plotW / 2, TOP + plotH / 2);
      return;
    }
    int width = (int) Math.max(1, Math.floor(plotW));
    if (columnsWidth != width) {
      columns.clear();
      for (TimeSeries s : series) {
        MinMaxColumns.Blocks b =
            s.size() >= 16 * MinMaxColumns.Blocks.BLOCK
                ? blocks.computeIfAbsent(
                    s, k -> new MinMaxColumns.Blocks(k.timesMillis(), k.values()))
                : null;
        columns.add(MinMaxColumns.of(s.timesMillis(), s.values(), b, from, to, width));
      }
      columnsWidth = width;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (MinMaxColumns c : columns) {
      for (int x = 0; x < c.width; x++) {
        if (c.present[x]) {
          lo = Math.min(lo, c.min[x]);
          hi = Math.max(hi, c.max[x]);
        }
      }
    }
    for (Threshold t : thresholds) {
      lo = Math.min(lo, t.value());
      hi = Math.max(hi, t.value());
    }
    if (Double.isInfinite(lo)) {
      g.setFill(faint);
      g.setTextAlign(TextAlignment.CENTER);
      g.setTextBaseline(VPos.CENTER);
      g.fillText(empty, LEFT + plotW / 2, TOP + plotH / 2);
      return;
    }
    if (includeZero) {
      lo = Math.min(lo, 0);
      hi = Math.max(hi, 0);
    }
    if (hi - lo < 1e-12) {
      hi = lo + (Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1);
    }
    double step = Math.max(minStep, niceStep((hi - lo) / 4));
    double yMin = Math.floor(lo / step) * step;
    double yMax = Math.ceil(hi / step) * step;
    // Axes and grid.
    g.setStroke(faint);
    g.setGlobalAlpha(0.35);
    g.setLineWidth(1);
    g.setFill(faint);
    g.setTextAlign(TextAlignment.RIGHT);
    g.setTextBaseline(VPos.CENTER);
    for (double v = yMin; v <= yMax + step / 2; v += step) {
      double y = yOf(v, yMin, yMax, plotH);
      g.strokeLine(LEFT, snap(y), LEFT + plotW, snap(y));
    }
    g.setGlobalAlpha(1);
    for (double v = yMin; v <= yMax + step / 2; v += step) {
      g.fillText(
          format.apply(Math.abs(v) < step / 1e6 ? 0 : v), LEFT - 6, yOf(v, yMin, yMax, plotH));
    }
    long tStep = timeStep(to - from, plotW);
    g.setTextAlign(TextAlignment.CENTER);
    g.setTextBaseline(VPos.TOP);
    DateTimeFormatter f = tStep >= DAY ? DAY_LABEL : TIME_LABEL;
    for (long t = (from / tStep + 1) * tStep; t < to; t += tStep) {
      double x = LEFT + (t - from) / (double) (to - from) * plotW;
      g.setGlobalAlpha(0.2);
      g.strokeLine(snap(x), TOP, snap(x), TOP + plotH);
      g.setGlobalAlpha(1);
      g.fillText(f.format(Instant.ofEpochMilli(t)), x, TOP + plotH + 4);
    }
    // Thresholds.
    g.setLineDashes(6, 4);
    g.setTextAlign(TextAlignment.RIGHT);
    g.setTextBaseline(VPos.BOTTOM);
    for (Threshold t : thresholds) {
      double y = snap(yOf(t.value(), yMin, yMax, plotH));
      g.setStroke(PALETTE[2]);
      g.strokeLine(LEFT, y, LEFT + plotW, y);
      g.setFill(PALETTE[2]);
      g.fillText(t.label(), LEFT + plotW - 2, y - 1);
    }
    g.setLineDashes();
    // Series.
    g.setLineWidth(1.5);
    for (int s = 0; s < columns.size(); s++) {
      MinMaxColumns c = columns.get(s);
      g.setStroke(PALETTE[s % PALETTE.length]);
      g.beginPath();
      boolean open = false;
      for (int x = 0; x < c.width; x++) {
        if (!c.present[x]) {
          continue;
        }
        double px = LEFT + x + 0.5;
        double yFirst = yOf(c.first[x], yMin, yMax, plotH);
        if (!open) {
          g.moveTo(px, yFirst);
          open = true;
        } else {
          g.lineTo(px, yFirst);
        }
        if (c.min[x] != c.max[x]) {
          g.lineTo(px, yOf(c.min[x], yMin, yMax, plotH));
          g.lineTo(px, yOf(c.max[x], yMin, yMax, plotH));
        }
        g.lineTo(px, yOf(c.last[x], yMin, yMax, plotH));
      }
      g.stroke();
    }
    // Legend, or the read-out under the pointer.
    g.setTextAlign(TextAlignment.RIGHT);
    g.setTextBaseline(VPos.TOP);
    String hover = Double.isNaN(hoverX) ? "" : readout(hoverX);
    if (!hover.isEmpty()) {
      g.setStroke(faint);
      g.setLineWidth(1);
      g.strokeLine(snap(hoverX), TOP, snap(hoverX), TOP + plotH);
      g.setFill(text);
      g.fillText(hover, LEFT + plotW, 3);
    } else {
      double x = LEFT + plotW;
      for (int s = series.size() - 1; s >= 0; s--) {
        String name = series.get(s).name();
        g.setFill(text);
        g.fillText(name, x, 3);
        x -= name.length() * 6.2 + 4;
        g.setFill(PALETTE[s % PALETTE.length]);
        g.fillRect(x - 10, 7, 10, 3);
        x -= 18;
      }
    }
  }

  private String valueText(double v) {
    return Double.isNaN(v) ? "–" : format.apply(v);
  }

  private static double yOf(double v, double yMin, double yMax, double plotH) {
    return TOP + plotH - (v - yMin) / (yMax - yMin) * plotH;
  }

  private static double snap(double v) {
    return Math.floor(v) + 0.5;
  }

  static double niceStep(double raw) {
    if (!(raw > 0)) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double n = raw / mag;
    double nice = n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10;
    return nice * mag;
  }

  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long[] TIME_STEPS = {
    MINUTE,
    5 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY
  };
  private static final DateTimeFormatter TIME_LABEL =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_LABEL =
      DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** A time-grid step that leaves at least 90 px between labels. */
  static long timeStep(long span, double width) {
    for (long s : TIME_STEPS) {
      if (span / (double) s * 90 <= width) {
        return s;
      }
    }
    return TIME_STEPS[TIME_STEPS.length - 1];
  }

  private static int nearest(long[] times, long t) {
    if (times.length == 0) {
      return -1;
    }
    int i = MinMaxColumns.lowerBound(times, t);
    if (i == 0) {
      return 0;
    }
    if (i == times.length) {
      return times.length - 1;
    }
    return t - times[i - 1] <= times[i] - t ? i - 1 : i;
  }

  private long dataFrom() {
    return series.stream()
        .filter(s -> s.size() > 0)
        .mapToLong(s -> s.timesMillis()[0])
        .min()
        .orElse(0);
  }

  private long dataTo() {
    return series.stream()
        .filter(s -> s.size() > 0)
        .mapToLong(s -> s.timesMillis()[s.size() - 1])
        .max()
        .orElse(0);
  }

  private String fileName() {
    return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
