package dev.fleetscope.views.gpumemory;

import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.BlockState;
import dev.fleetscope.services.gpumemory.SnapshotBlock;
import dev.fleetscope.services.gpumemory.SnapshotSegment;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
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
 * scrolls rows, 0 resets. Only visible rows are drawn, each as one row of pixels (blocks narrower
 * than a pixel merged into the pixel they fall in) stretched to the strip's height, so a million
 * blocks cost one image draw per visible segment.
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

  /** The comparison's mark: orange, apart from every block colour. */
  static final Color MARK = Color.web("#ea580c");

  private static final PixelFormat<IntBuffer> ARGB = PixelFormat.getIntArgbInstance();
  private static final int FEW_RUNS = 48;
  private static final Map<Integer, Color> ARGB_COLOURS = new HashMap<>();
  private static final int[] STATE_ARGB = new int[BlockState.values().length];
  private static final int[] EDGE_ARGB = new int[BlockState.values().length];
  private static final int WASTE_ARGB = argb(WASTE);

  static {
    for (BlockState st : BlockState.values()) {
      Color c = colour(st);
      STATE_ARGB[st.ordinal()] = argb(c);
      // The edge colour composited over the block's colour.
      double a = EDGE.getOpacity() + c.getOpacity() * (1 - EDGE.getOpacity());
      double keep = c.getOpacity() * (1 - EDGE.getOpacity()) / a;
      double add = EDGE.getOpacity() / a;
      EDGE_ARGB[st.ordinal()] =
          argb(
              Color.color(
                  Math.min(1, c.getRed() * keep + EDGE.getRed() * add),
                  Math.min(1, c.getGreen() * keep + EDGE.getGreen() * add),
                  Math.min(1, c.getBlue() * keep + EDGE.getBlue() * add),
                  Math.min(1, a)));
    }
  }

  // Two images used in turn, so the FX thread never writes the one the renderer may be reading.
  private final WritableImage[] images = new WritableImage[2];
  private int turn;
  private WritableImage image;
  private PixelWriter pixels;
  private int columns;
  private int[] line = new int[0];
  private final List<Double> rowsDrawn = new ArrayList<>();

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
  private Set<Integer> marked = Set.of();

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
            scrollRowsBy(e.getDeltaY() > 0 ? -3 : e.getDeltaY() < 0 ? 3 : 0);
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

  /**
   * Marks segments (by index) with a bar left of their strip: during a comparison, those with no
   * same-shaped segment in the other layout.
   */
  public void setMarked(Set<Integer> segmentIndices) {
    marked = Set.copyOf(segmentIndices);
    draw();
  }

  /** Whether the segment at {@code index} is marked. */
  public boolean isMarked(int index) {
    return marked.contains(index);
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

  /** Scrolls by {@code n} segment rows (negative: up), as the wheel does. */
  public void scrollRowsBy(int n) {
    rows.setValue(clamp(Math.round(rows.getValue()) + n, 0, rows.getMax()));
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

  /**
   * Draws the visible rows; returns how many fills and image draws it issued for blocks (for tests
   * and benchmarks).
   */
  public int draw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    g.clearRect(0, 0, w, h);
    g.setFont(Font.font(11));
    double strip = stripWidth();
    int filled = 0;
    int first = firstRow();
    rowsDrawn.clear();
    if (levelOfDetail) {
      prepareImage((int) Math.ceil(strip), (int) (h / (ROW + GAP)) + 2);
    }
    for (int r = first; r < segments.size(); r++) {
      double y = (r - first) * (ROW + GAP);
      if (y > h) {
        break;
      }
      SnapshotSegment s = segments.get(r);
      g.setFill(text);
      g.fillText(label(s), 2, y + ROW - 5);
      if (marked.contains(r)) {
        g.setFill(MARK);
        g.fillRect(LABEL - 7, y, 4, ROW);
      }
      double total = s.totalSize();
      double from = start * total;
      double to = (start + 1 / zoom) * total;
      long[] o = offsets[r];
      int i = firstBlock(o, (long) from);
      if (levelOfDetail) {
        // One pixel row per segment, drawn stretched to the strip's height: one image draw per
        // strip however many blocks it holds (ADR 0018).
        rowPixels(s, o, i, from, to, strip);
        int runs = 1;
        for (int c = 1; c < columns; c++) {
          if (line[c] != line[c - 1]) {
            runs++;
          }
        }
        if (runs > FEW_RUNS) {
          pixels.setPixels(0, rowsDrawn.size(), columns, 1, ARGB, line, 0, columns);
          rowsDrawn.add(y);
          continue;
        }
        // Few runs (zoomed in): whole-pixel fills are cheaper to render than a stretched image.
        for (int c = 0, end; c < columns; c = end) {
          end = c + 1;
          while (end < columns && line[end] == line[c]) {
            end++;
          }
          if (line[c] != 0) {
            g.setFill(ARGB_COLOURS.get(line[c]));
            g.fillRect(LABEL + c, y, end - c, ROW);
            filled++;
          }
        }
        continue;
      }
      for (; i < o.length && o[i] < to; i++) {
        SnapshotBlock b = s.blocks().get(i);
        double x0 = Math.max(LABEL, LABEL + (o[i] - from) / (to - from) * strip);
        double x1 = Math.min(LABEL + strip, LABEL + (o[i] + b.size() - from) / (to - from) * strip);
        g.setFill(colour(b.state()));
        g.fillRect(x0, y, Math.max(1, x1 - x0), ROW);
        filled++;
        long waste = b.roundingWaste();
        double wx = LABEL + (o[i] + b.size() - waste - from) / (to - from) * strip;
        if (waste > 0 && x1 - wx >= 0.5) {
          g.setFill(WASTE);
          g.fillRect(wx, y, x1 - wx, ROW);
          filled++;
        }
        if (x1 - x0 >= 3) {
          g.setFill(EDGE);
          g.fillRect(Math.floor(x0), y, 1, ROW);
        }
      }
    }
    if (levelOfDetail) {
      g.setImageSmoothing(false);
      for (int k = 0; k < rowsDrawn.size(); k++) {
        g.drawImage(image, 0, k, columns, 1, LABEL, rowsDrawn.get(k), columns, ROW);
        filled++;
      }
    }
    return filled;
  }

  private void prepareImage(int width, int height) {
    columns = Math.max(1, width);
    turn ^= 1;
    WritableImage im = images[turn];
    if (im == null || im.getWidth() < columns || im.getHeight() < height) {
      im = new WritableImage(columns, Math.max(1, height));
      images[turn] = im;
    }
    image = im;
    pixels = im.getPixelWriter();
    if (line.length < columns) {
      line = new int[columns];
    }
  }

  /**
   * Fills {@link #line} with one segment's visible blocks, a pixel per column. Where several blocks
   * share a column the first one's state wins; rounding waste at least half a pixel wide is marked
   * over its block, and blocks at least 3 pixels wide get a light edge at their start.
   */
  private void rowPixels(SnapshotSegment s, long[] o, int i, double from, double to, double strip) {
    Arrays.fill(line, 0, columns, 0);
    double scale = strip / (to - from);
    for (; i < o.length && o[i] < to; i++) {
      SnapshotBlock b = s.blocks().get(i);
      double x0 = Math.max(0, (o[i] - from) * scale);
      double x1 = Math.min(strip, (o[i] + b.size() - from) * scale);
      int c0 = Math.min(columns - 1, (int) x0);
      int c1 = Math.min(columns, Math.max(c0 + 1, (int) Math.ceil(x1)));
      int state = b.state().ordinal();
      int colour = STATE_ARGB[state];
      for (int c = c0; c < c1; c++) {
        if (line[c] == 0 || c > c0) {
          line[c] = colour;
        }
      }
      long waste = b.roundingWaste();
      if (waste > 0) {
        double wx = Math.max(x0, (o[i] + b.size() - waste - from) * scale);
        if (x1 - wx >= 0.5) {
          for (int c = Math.min(columns - 1, (int) Math.round(wx)); c < c1; c++) {
            line[c] = WASTE_ARGB;
          }
        }
      }
      if (x1 - x0 >= 3) {
        line[c0] = EDGE_ARGB[state];
      }
    }
  }

  private static int argb(Color c) {
    int v =
        (int) Math.round(c.getOpacity() * 255) << 24
            | (int) Math.round(c.getRed() * 255) << 16
            | (int) Math.round(c.getGreen() * 255) << 8
            | (int) Math.round(c.getBlue() * 255);
    ARGB_COLOURS.put(v, Color.rgb(v >> 16 & 255, v >> 8 & 255, v & 255, (v >>> 24) / 255.0));
    return v;
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
