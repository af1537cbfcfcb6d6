package dev.fleetscope.views.gpumemory;

import dev.fleetscope.services.gpufleet.GpuReading;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * Every GPU of the fleet as a cell, one row per node grouped by cluster, coloured by framebuffer
 * use (light: little, dark red: full). A GPU held by a pod has a dark frame, an idle held GPU an
 * amber one. Only visible rows are drawn, so thousands of GPUs refresh cheaply.
 */
public final class GpuGrid extends Region {
  static final double CELL = 26;
  static final double GAP = 4;
  static final double LABEL = 240;
  private static final Color EMPTY = Color.web("#9ca3af", 0.35);
  private static final Color LOW = Color.web("#dcfce7");
  private static final Color HIGH = Color.web("#b91c1c");
  private static final Color HELD = Color.web("#111827");
  private static final Color IDLE = Color.web("#f59e0b");

  private final Canvas canvas = new Canvas();
  private final ScrollBar rows = new ScrollBar();
  private List<Row> layout = List.of();
  private Set<String> idleUuids = Set.of();
  private Consumer<Optional<GpuReading>> onHover = g -> {};
  private Color text = Color.web("#8a8f98");

  private record Row(String label, List<GpuReading> gpus) {}

  public GpuGrid() {
    getChildren().addAll(canvas, rows);
    rows.setOrientation(Orientation.VERTICAL);
    rows.valueProperty().addListener((o, a, b) -> draw());
    canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> onHover.accept(at(e.getX(), e.getY())));
    canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> onHover.accept(Optional.empty()));
    canvas.addEventHandler(
        ScrollEvent.SCROLL,
        e -> {
          rows.setValue(
              Math.max(
                  0, Math.min(rows.getMax(), rows.getValue() - Math.signum(e.getDeltaY()) * 3)));
          e.consume();
        });
    setMinSize(200, 100);
  }

  /** Shows {@code gpus}; those whose UUID is in {@code idle} get the idle frame. */
  public void setGpus(List<GpuReading> gpus, Set<String> idle) {
    idleUuids = idle;
    List<GpuReading> sorted = new ArrayList<>(gpus);
    sorted.sort(
        Comparator.comparing(GpuReading::cluster)
            .thenComparing(GpuReading::host)
            .thenComparing(g -> g.gpu().length())
            .thenComparing(GpuReading::gpu));
    List<Row> out = new ArrayList<>();
    String current = null;
    List<GpuReading> row = null;
    for (GpuReading g : sorted) {
      String label = g.cluster() + " / " + g.host();
      if (!label.equals(current)) {
        row = new ArrayList<>();
        out.add(new Row(label, row));
        current = label;
      }
      row.add(g);
    }
    layout = out;
    requestLayout();
    draw();
  }

  public void setOnHover(Consumer<Optional<GpuReading>> listener) {
    onHover = listener;
  }

  public int rowCount() {
    return layout.size();
  }

  @Override
  protected void layoutChildren() {
    double bar = rows.prefWidth(-1);
    canvas.setWidth(Math.max(0, getWidth() - bar));
    canvas.setHeight(getHeight());
    rows.resizeRelocate(getWidth() - bar, 0, bar, getHeight());
    int visible = (int) (getHeight() / (CELL + GAP));
    rows.setMax(Math.max(0, layout.size() - visible));
    rows.setVisibleAmount(Math.max(1, visible));
    rows.setVisible(layout.size() > visible);
    draw();
  }

  /** The GPU under a point, if any. */
  public Optional<GpuReading> at(double x, double y) {
    int r = (int) Math.round(rows.getValue()) + (int) (y / (CELL + GAP));
    if (r < 0 || r >= layout.size() || x < LABEL || y % (CELL + GAP) > CELL) {
      return Optional.empty();
    }
    int c = (int) ((x - LABEL) / (CELL + GAP));
    List<GpuReading> gpus = layout.get(r).gpus();
    return c < gpus.size() && (x - LABEL) % (CELL + GAP) <= CELL
        ? Optional.of(gpus.get(c))
        : Optional.empty();
  }

  /** Draws the visible rows; returns how many cells were drawn. */
  public int draw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
    g.setFont(Font.font(11));
    int first = (int) Math.round(rows.getValue());
    int cells = 0;
    for (int r = first; r < layout.size(); r++) {
      double y = (r - first) * (CELL + GAP);
      if (y > canvas.getHeight()) {
        break;
      }
      Row row = layout.get(r);
      g.setFill(text);
      g.fillText(row.label(), 2, y + CELL - 8);
      for (int c = 0; c < row.gpus().size(); c++) {
        GpuReading gpu = row.gpus().get(c);
        double x = LABEL + c * (CELL + GAP);
        double f = gpu.fbUsedFraction();
        g.setFill(Double.isNaN(f) ? EMPTY : LOW.interpolate(HIGH, f));
        g.fillRect(x, y, CELL, CELL);
        cells++;
        if (idleUuids.contains(gpu.uuid())) {
          g.setStroke(IDLE);
          g.setLineWidth(3);
          g.strokeRect(x + 1.5, y + 1.5, CELL - 3, CELL - 3);
        } else if (gpu.allocatedToPod()) {
          g.setStroke(HELD);
          g.setLineWidth(1.5);
          g.strokeRect(x + 0.75, y + 0.75, CELL - 1.5, CELL - 1.5);
        }
      }
    }
    return cells;
  }
}
