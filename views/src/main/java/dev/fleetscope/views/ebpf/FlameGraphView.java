package dev.fleetscope.views.ebpf;

import dev.fleetscope.services.ebpf.FlameGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A flame graph: the root at the bottom, callers below callees, each frame as wide as the share it
 * holds. Hover names a frame; a click zooms into it (a click on the root, or Escape, zooms out);
 * frames matching the search are highlighted.
 */
final class FlameGraphView extends TraceCanvas {
  private static final double ROW = 17;
  private FlameGraph.Node root;
  private FlameGraph.Node focus;
  private final List<Object[]> hits = new ArrayList<>(); // {x, y, w, node}
  private final ReadOnlyStringWrapper hover = new ReadOnlyStringWrapper("");
  private String highlight = "";
  private String unit = "";

  FlameGraphView() {
    getStyleClass().add("trace-flame");
    setMinHeight(160);
    canvas.setOnMouseMoved(
        e -> {
          FlameGraph.Node n = at(e.getX(), e.getY());
          hover.set(n == null ? "" : describe(n));
        });
    canvas.setOnMouseClicked(
        e -> {
          if (e.getButton() != MouseButton.PRIMARY) {
            return;
          }
          FlameGraph.Node n = at(e.getX(), e.getY());
          focus = n == null || n == root ? null : n;
          redraw();
        });
  }

  void show(FlameGraph.Node node, String unit) {
    if (root == null || node == null || !node.name().equals(root.name())) {
      focus = null;
    }
    this.root = node;
    this.unit = unit;
    redraw();
  }

  void zoomOut() {
    focus = null;
    redraw();
  }

  void highlight(String text) {
    highlight = text == null ? "" : text.toLowerCase(Locale.ROOT);
    redraw();
  }

  ReadOnlyStringProperty frameUnderMouseProperty() {
    return hover.getReadOnlyProperty();
  }

  private String describe(FlameGraph.Node n) {
    double pct = root == null || root.value() == 0 ? 0 : 100 * n.value() / root.value();
    return String.format(
        Locale.ROOT, "%s — %s (%.1f%% of all)", n.name(), Units.value(n.value(), unit), pct);
  }

  private FlameGraph.Node at(double x, double y) {
    for (Object[] hit : hits) {
      double hx = (double) hit[0];
      double hy = (double) hit[1];
      double hw = (double) hit[2];
      if (x >= hx && x < hx + hw && y >= hy && y < hy + ROW) {
        return (FlameGraph.Node) hit[3];
      }
    }
    return null;
  }

  @Override
  protected void paint(GraphicsContext g, double w, double h) {
    hits.clear();
    g.setFont(Font.font(11));
    g.setTextBaseline(VPos.CENTER);
    if (root == null || root.value() <= 0) {
      g.setFill(muted());
      g.setTextAlign(TextAlignment.CENTER);
      g.fillText(
          "No stacks in this trace: run \"Off-CPU time by stack\" or \"CPU profile\"",
          w / 2,
          h / 2);
      return;
    }
    FlameGraph.Node base = focus == null ? root : focus;
    if (focus != null) {
      // The root row stays, as the way back out.
      frame(g, root, 0, h - ROW, w, true);
    }
    double y0 = focus == null ? h - ROW : h - 2 * ROW;
    draw(g, base, 0, y0, w, base.value());
  }

  private void draw(
      GraphicsContext g, FlameGraph.Node n, double x, double y, double w, double total) {
    if (w < 0.5 || y < -ROW) {
      return;
    }
    frame(g, n, x, y, w, false);
    double cx = x;
    for (FlameGraph.Node c : n.children()) {
      double cw = w * c.value() / n.value();
      draw(g, c, cx, y - ROW, cw, total);
      cx += cw;
    }
  }

  private void frame(
      GraphicsContext g, FlameGraph.Node n, double x, double y, double w, boolean dim) {
    int hash = n.name().hashCode();
    boolean match = !highlight.isEmpty() && n.name().toLowerCase(Locale.ROOT).contains(highlight);
    Color c =
        match
            ? Color.web("#d946ef")
            : Color.hsb(
                10 + Math.floorMod(hash, 45), 0.55 + Math.floorMod(hash >> 8, 30) / 100.0, 0.95);
    g.setFill(dim ? c.deriveColor(0, 0.4, 1, 1) : c);
    g.fillRect(x, y, Math.max(0.5, w - 0.5), ROW - 1);
    hits.add(new Object[] {x, y, w, n});
    if (w > 30) {
      g.setFill(Color.web("#1f2937"));
      g.setTextAlign(TextAlignment.LEFT);
      String text = n.name();
      int fit = (int) ((w - 6) / 6.2);
      if (text.length() > fit) {
        text = fit > 2 ? text.substring(0, fit - 1) + "…" : "";
      }
      g.fillText(text, x + 3, y + ROW / 2);
    }
  }
}
