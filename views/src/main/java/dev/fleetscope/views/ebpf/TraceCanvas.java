package dev.fleetscope.views.ebpf;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;

/**
 * A canvas that fills its region and redraws on resize and on a theme switch (invisible labels
 * carry the theme's text colours in). Subclasses draw in {@link #paint}.
 */
abstract class TraceCanvas extends Region {
  protected final Canvas canvas = new Canvas();
  private final Label ink = new Label();
  private final Label muted = new Label();

  TraceCanvas() {
    muted.getStyleClass().add("text-muted");
    for (Label l : new Label[] {ink, muted}) {
      l.setVisible(false);
      l.setManaged(false);
      l.textFillProperty().addListener((o, was, now) -> redraw());
    }
    getChildren().addAll(canvas, ink, muted);
    widthProperty().addListener((o, a, b) -> redraw());
    heightProperty().addListener((o, a, b) -> redraw());
  }

  @Override
  protected void layoutChildren() {
    canvas.setWidth(Math.max(1, getWidth()));
    canvas.setHeight(Math.max(1, getHeight()));
  }

  protected Paint ink() {
    return ink.getTextFill();
  }

  protected Paint muted() {
    return muted.getTextFill();
  }

  final void redraw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    g.clearRect(0, 0, w, h);
    paint(g, w, h);
  }

  protected abstract void paint(GraphicsContext g, double w, double h);
}
