package dev.fleetscope.views.ebpf;

import dev.fleetscope.services.ebpf.HistSeries;
import dev.fleetscope.services.ebpf.TraceRecord.Bucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A latency heatmap: one column per interval (oldest left), one row per bucket (slowest on top),
 * colour by how many samples fell there (log scale, so a few slow ones still show).
 */
final class Heatmap extends TraceCanvas {
  private HistSeries.View view;
  private String unit = "";

  Heatmap() {
    getStyleClass().add("trace-heatmap");
    setMinHeight(120);
  }

  void show(HistSeries.View v, String unit) {
    this.view = v;
    this.unit = unit;
    redraw();
  }

  @Override
  protected void paint(GraphicsContext g, double w, double h) {
    g.setFont(Font.font(11));
    g.setTextBaseline(VPos.CENTER);
    if (view == null || view.columns().isEmpty()) {
      g.setFill(muted());
      g.setTextAlign(TextAlignment.CENTER);
      g.fillText("The heatmap gains a column per interval", w / 2, h / 2);
      return;
    }
    List<Long> rows = new ArrayList<>();
    for (Bucket b : view.total()) {
      rows.add(b.min() == null ? Long.MIN_VALUE : b.min());
    }
    List<HistSeries.Column> cols = view.columns();
    long max = 1;
    for (HistSeries.Column c : cols) {
      for (long v : c.counts().values()) {
        max = Math.max(max, v);
      }
    }
    double left = 90;
    double bottom = 20;
    double cellW = Math.max(1, (w - left - 8) / Math.max(cols.size(), 1));
    double cellH = Math.max(4, (h - bottom - 4) / Math.max(rows.size(), 1));
    double logMax = Math.log1p(max);
    for (int x = 0; x < cols.size(); x++) {
      Map<Long, Long> counts = cols.get(x).counts();
      for (int r = 0; r < rows.size(); r++) {
        long v = counts.getOrDefault(rows.get(r), 0L);
        if (v == 0) {
          continue;
        }
        double t = Math.log1p(v) / logMax;
        g.setFill(Color.hsb(30 - 30 * t, 0.35 + 0.6 * t, 1.0 - 0.15 * t));
        double y = h - bottom - (r + 1) * cellH;
        g.fillRect(left + x * cellW, y, Math.ceil(cellW), Math.ceil(cellH));
      }
    }
    g.setFill(muted());
    g.setTextAlign(TextAlignment.RIGHT);
    int every = Math.max(1, (int) Math.ceil(14 / cellH));
    for (int r = 0; r < rows.size(); r += every) {
      long lo = rows.get(r);
      String label = lo == Long.MIN_VALUE ? "below" : Units.value(lo, unit);
      g.fillText(label, left - 6, h - bottom - (r + 0.5) * cellH);
    }
    g.setTextAlign(TextAlignment.CENTER);
    int labelEvery = Math.max(1, (int) Math.ceil(70 / cellW));
    for (int x = 0; x < cols.size(); x += labelEvery) {
      String label = cols.get(x).label();
      if (!label.isEmpty()) {
        g.fillText(label, left + (x + 0.5) * cellW, h - bottom / 2);
      }
    }
  }
}
