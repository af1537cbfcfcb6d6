package dev.fleetscope.views.ebpf;

import dev.fleetscope.services.ebpf.HistSeries;
import dev.fleetscope.services.ebpf.TraceRecord.Bucket;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A log2 (or linear) histogram as bpftrace prints it, one row per bucket: the range, a bar scaled
 * to the largest bucket, and the count. Buckets at or over the glitch threshold are drawn in the
 * warning colour.
 */
final class HistogramChart extends TraceCanvas {
  private static final Color BAR = Color.web("#3b82f6");
  private static final Color SLOW = Color.web("#f59e0b");
  private HistSeries.View view;
  private String unit = "";
  private double thresholdUs = Double.NaN;

  HistogramChart() {
    getStyleClass().add("trace-histogram");
    setMinHeight(120);
  }

  void show(HistSeries.View v, String unit, double thresholdUs) {
    this.view = v;
    this.unit = unit;
    this.thresholdUs = thresholdUs;
    redraw();
  }

  @Override
  protected void paint(GraphicsContext g, double w, double h) {
    g.setFont(Font.font(12));
    g.setTextBaseline(VPos.CENTER);
    if (view == null || view.total().isEmpty()) {
      g.setFill(muted());
      g.setTextAlign(TextAlignment.CENTER);
      g.fillText("No histogram yet: it fills in once per interval", w / 2, h / 2);
      return;
    }
    List<Bucket> buckets = view.total();
    long max = 1;
    for (Bucket b : buckets) {
      max = Math.max(max, b.count());
    }
    double rowH = Math.max(12, Math.min(22, (h - 24) / buckets.size()));
    double labelW = 150;
    double countW = 80;
    double barW = Math.max(10, w - labelW - countW - 16);
    double y = 4;
    g.setTextAlign(TextAlignment.RIGHT);
    g.setFill(muted());
    g.fillText(
        view.title()
            + " · "
            + Units.count(view.count())
            + " samples · p50 "
            + Units.value(view.quantile(0.5), unit)
            + " · p99 "
            + Units.value(view.quantile(0.99), unit),
        w - 8,
        h - 10);
    for (Bucket b : buckets) {
      g.setTextAlign(TextAlignment.RIGHT);
      g.setFill(ink());
      g.fillText(range(b), labelW - 8, y + rowH / 2);
      double len = barW * b.count() / (double) max;
      boolean slow = unit.equals("us") && b.min() != null && b.min() >= thresholdUs;
      g.setFill(slow ? SLOW : BAR);
      g.fillRect(labelW, y + 2, Math.max(b.count() > 0 ? 1 : 0, len), rowH - 4);
      g.setTextAlign(TextAlignment.LEFT);
      g.setFill(ink());
      g.fillText(Units.count(b.count()), labelW + len + 6, y + rowH / 2);
      y += rowH;
      if (y > h - 24) {
        break;
      }
    }
  }

  private String range(Bucket b) {
    if (b.min() == null) {
      return "< " + Units.value(b.max() + 1, unit);
    }
    if (b.max() == null) {
      return "≥ " + Units.value(b.min(), unit);
    }
    if (b.min().equals(b.max())) {
      return Units.value(b.min(), unit);
    }
    return Units.value(b.min(), unit) + " – " + Units.value(b.max() + 1, unit);
  }
}
