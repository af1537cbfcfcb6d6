package dev.fleetscope.views.gpumemory;

import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.BlockState;
import dev.fleetscope.services.gpumemory.SnapshotBlock;
import dev.fleetscope.services.gpumemory.SnapshotSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * The allocator's address space drawn as strips: one row per segment (scaled to the row's width),
 * blocks coloured by state, each allocated block's rounding waste (size minus requested) in a
 * darker shade at its end. Ctrl+wheel or +/- zooms around the pointer, dragging pans, the wheel
 * scrolls rows, 0 resets. Only visible rows are drawn, and blocks narrower than a pixel are merged
 * into the pixel they fall in, so a million blocks stay cheap.
 */
public final class SegmentMap extends Region {
  static final double ROW = 18;
  static final double GAP = 5;
  static final double LABEL = 86;
  private static final Color ALLOCATED = Color.web("#3b82f6");
  private static final Color WASTE = Color.web("#1e3a8a");
  private static final Color PENDING = Color.web("#f59e0b");
  private static final Color FREE = Color.web("#9ca3af", 0.45);
  private static final Color OTHER = Color.web("#a855f7");
  private static final Color EDGE = Color.web("#ffffff", 0.6);
  private final List<Double> wasteX = new ArrayList<>();
  private final List<Double> edges = new ArrayList<>();

  private final Canvas canvas = new Canvas();
  private final ScrollBar rows = new ScrollBar();
  private List<SnapshotSegment> segments = List.of();
  private long[][] offsets = new long[0][];
  private double zoom = 1;
  private double start;
  private double dragX = Double.NaN;
  private Consumer<Optional<Hit>> onHover = h -> {};
  private Color text = Color.GRAY;
  private boolean levelOfDetail = true;

  /** What the pointer is over. */
  public record Hit(SnapshotSegment segment, int segmentIndex, SnapshotBlock block) {}

  public SegmentMap() {
    getChildren().addAll(canvas, rows);
    rows.setOrientation(Orientation.VERTICAL);
    rows.valueProperty().addListener((o, a, b) -> draw());
    setFocusTraversable(true);
    setMinSize(200, 120);
    canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> onHover.accept(hit(e.getX(), e.getY())));
    canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> onHover.accept(Optional.empty()));
    canvas.addEventHandler(
        MouseEvent.MOUSE_PRESSED,
        e -> {
          dragX = e.getX();
          requestFocus();
        });
    canvas.addEventHandler(
        MouseEvent.MOUSE_DRAGGED,
        e -> {
          if (!Double.isNaN(dragX)) {
            pan((dragX - e.getX()) / stripWidth() / zoom);
            dragX = e.getX();
          }
        });
    canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> dragX = Double.NaN);
    canvas.addEventHandler(
        ScrollEvent.SCROLL,
        e -> {
          if (e.isControlDown() || e.isShortcutDown()) {
            zoomAt(e.getDeltaY() > 0 ? 1.25 : 0.8, e.getX());
          } else {
            rows.setValue(
                clamp(rows.getValue() - Math.signum(e.getDeltaY()) * 3, 0, rows.getMax()));
          }
          e.consume();
        });
    setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.PLUS
              || e.getCode() == KeyCode.EQUALS
              || e.getCode() == KeyCode.ADD) {
            zoomAt(1.5, LABEL + stripWidth() / 2);
          } else if (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) {
            zoomAt(1 / 1.5, LABEL + stripWidth() / 2);
          } else if (e.getCode() == KeyCode.DIGIT0 || e.getCode() == KeyCode.NUMPAD0) {
            zoom = 1;
            start = 0;
            draw();
          }
        });
  }

  public void setSnapshot(AllocatorSnapshot s) {
    segments = s == null ? List.of() : s.segments();
    offsets = new long[segments.size()][];
    for (int i = 0; i < segments.size(); i++) {
      List<SnapshotBlock> blocks = segments.get(i).blocks();
      long[] o = new long[blocks.size()];
      for (int j = 0; j < o.length; j++) {
        o[j] = blocks.get(j).address() - segments.get(i).address();
      }
      offsets[i] = o;
    }
    zoom = 1;
    start = 0;
    rows.setValue(0);
    requestLayout();
    draw();
  }

  public void setOnHover(Consumer<Optional<Hit>> listener) {
    onHover = listener;
  }

  public void setTextColor(Color c) {
    text = c;
    draw();
  }

  /** Zoom factor (1 = whole segments). */
  public double zoom() {
    return zoom;
  }

  /** Fraction of each segment at the left edge of the view. */
  public double start() {
    return start;
  }

  /** Zooms by {@code factor} keeping the address under {@code x} in place. */
  public void zoomAt(double factor, double x) {
    double at = start + Math.max(0, x - LABEL) / stripWidth() / zoom;
    zoom = clamp(zoom * factor, 1, 1 << 20);
    start = clamp(at - Math.max(0, x - LABEL) / stripWidth() / zoom, 0, 1 - 1 / zoom);
    draw();
  }

  /** Draw every block, however narrow (for the benchmark's baseline only). */
  public void setLevelOfDetail(boolean on) {
    levelOfDetail = on;
  }

  /** Moves the view by {@code fraction} of a segment's width (negative: left). */
  public void panBy(double fraction) {
    pan(fraction);
  }

  private void pan(double fraction) {
    start = clamp(start + fraction, 0, 1 - 1 / zoom);
    draw();
  }

  @Override
  protected void layoutChildren() {
    double w = getWidth();
    double h = getHeight();
    double bar = rows.prefWidth(-1);
    canvas.setWidth(Math.max(0, w - bar));
    canvas.setHeight(h);
    rows.resizeRelocate(w - bar, 0, bar, h);
    int visible = (int) (h / (ROW + GAP));
    rows.setMax(Math.max(0, segments.size() - visible));
    rows.setVisibleAmount(Math.max(1, visible));
    rows.setVisible(segments.size() > visible);
    draw();
  }

  private double stripWidth() {
    return Math.max(1, canvas.getWidth() - LABEL - 4);
  }

  private int firstRow() {
    return (int) Math.round(rows.getValue());
  }

  /** The segment and block under a point of the canvas, if any. */
  public Optional<Hit> hit(double x, double y) {
    int row = firstRow() + (int) (y / (ROW + GAP));
    double inRow = y % (ROW + GAP);
    if (row < 0 || row >= segments.size() || inRow > ROW || x < LABEL) {
      return Optional.empty();
    }
    SnapshotSegment s = segments.get(row);
    double fraction = start + (x - LABEL) / stripWidth() / zoom;
    if (fraction < 0 || fraction >= 1) {
      return Optional.empty();
    }
    long offset = (long) (fraction * s.totalSize());
    long[] o = offsets[row];
    int lo = 0;
    int hi = o.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (o[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) {
      return Optional.empty();
    }
    return Optional.of(new Hit(s, row, s.blocks().get(found)));
  }

  /** Draws the visible rows; returns how many block rectangles were filled (for benchmarks). */
  public int draw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    g.clearRect(0, 0, w, h);
    g.setFont(Font.font(11));
    double strip = stripWidth();
    int filled = 0;
    int first = firstRow();
    for (int r = first; r < segments.size(); r++) {
      double y = (r - first) * (ROW + GAP);
      if (y > h) {
        break;
      }
      SnapshotSegment s = segments.get(r);
      g.setFill(text);
      g.fillText(label(s), 2, y + ROW - 5);
      double total = s.totalSize();
      double from = start * total;
      double to = (start + 1 / zoom) * total;
      long[] o = offsets[r];
      int i = firstBlock(o, (long) from);
      // Level of detail: neighbouring blocks of one state are filled as one run, and a pixel
      // column holding several narrow blocks takes the first one's state; waste marks and block
      // edges are drawn over the runs, and only where they are at least half a pixel wide.
      Color runColor = null;
      double runStart = 0;
      double runEnd = 0;
      wasteX.clear();
      edges.clear();
      for (; i < o.length && o[i] < to; i++) {
        SnapshotBlock b = s.blocks().get(i);
        double x0 = Math.max(LABEL, LABEL + (o[i] - from) / (to - from) * strip);
        double x1 = Math.min(LABEL + strip, LABEL + (o[i] + b.size() - from) / (to - from) * strip);
        Color c = colour(b.state());
        if (!levelOfDetail) {
          g.setFill(c);
          g.fillRect(x0, y, Math.max(1, x1 - x0), ROW);
          filled++;
        } else {
          if (x1 - x0 < 1) {
            x0 = Math.floor(x0);
            x1 = x0 + 1;
            if (runColor != null && x1 <= runEnd) {
              continue; // this pixel column is already drawn
            }
          }
          if (runColor == c && x0 <= runEnd + 0.5) {
            runEnd = Math.max(runEnd, x1);
          } else {
            if (runColor != null) {
              g.setFill(runColor);
              g.fillRect(runStart, y, runEnd - runStart, ROW);
              filled++;
            }
            runColor = c;
            runStart = x0;
            runEnd = x1;
          }
        }
        long waste = b.roundingWaste();
        if (waste > 0) {
          double wx = Math.max(x0, LABEL + (o[i] + b.size() - waste - from) / (to - from) * strip);
          if (x1 - wx >= 0.5) {
            wasteX.add(wx);
            wasteX.add(x1);
          }
        }
        if (x1 - x0 >= 3) {
          edges.add(x0);
        }
      }
      if (runColor != null) {
        g.setFill(runColor);
        g.fillRect(runStart, y, runEnd - runStart, ROW);
        filled++;
      }
      g.setFill(WASTE);
      for (int k = 0; k < wasteX.size(); k += 2) {
        g.fillRect(wasteX.get(k), y, wasteX.get(k + 1) - wasteX.get(k), ROW);
        filled++;
      }
      // Block edges as 1-pixel fills: cheaper to render than stroked lines.
      g.setFill(EDGE);
      for (double x : edges) {
        g.fillRect(Math.floor(x), y, 1, ROW);
      }
    }
    return filled;
  }

  private static int firstBlock(long[] o, long offset) {
    int lo = 0;
    int hi = o.length - 1;
    int found = 0;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (o[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private static String label(SnapshotSegment s) {
    double mib = s.totalSize() / 1048576.0;
    return (s.segmentType().startsWith("s") ? "S " : "L ")
        + (mib >= 1024 ? String.format("%.1f GiB", mib / 1024) : String.format("%.0f MiB", mib));
  }

  static Color colour(BlockState s) {
    return switch (s) {
      case ACTIVE_ALLOCATED -> ALLOCATED;
      case ACTIVE_PENDING_FREE -> PENDING;
      case INACTIVE -> FREE;
      default -> OTHER;
    };
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
