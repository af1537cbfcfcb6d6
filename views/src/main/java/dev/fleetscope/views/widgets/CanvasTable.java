package dev.fleetscope.views.widgets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Background;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * A table for streams whose rows are all replaced several times a second (trace events): the rows
 * on screen are drawn on one canvas, so a refresh costs one repaint instead of the restyling and
 * layout of a few hundred cells that a {@link javafx.scene.control.TableView} does for every
 * replaced list. It keeps what {@link DataTable} offers: the same bar (filter, count, export),
 * sorting by a header click (again: reversed, a third time: arrival order), selection by click,
 * Shift-click, Ctrl-click and the arrow keys, Ctrl+A, Ctrl+C, and a line under the table with the
 * focused row in full. Scrolled to the end, it follows the newest rows as {@code tail -f} does.
 * Text is monospaced, so numbers line up and long values are cut with an ellipsis exactly at the
 * column's edge.
 */
public final class CanvasTable<T> extends VBox {
  private static final Font BODY = Font.font("Monospaced", 12);
  private static final Font HEAD = Font.font(null, FontWeight.BOLD, 12);
  private static final double PAD = 6;
  private static final KeyCombination COPY =
      new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
  private static final KeyCombination ALL =
      new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN);

  private final List<Column<T>> columns;
  private final Function<T, ?> key;
  private final TableBar<T> bar;
  private final Sheet sheet = new Sheet();
  private final Label focusLine = new Label();
  private final double charW;
  private final double rowH;
  private final double headH;

  private List<T> rows = List.of();
  private List<T> shown = List.of();
  private int sortColumn = -1;
  private boolean descending;
  private int top;
  private boolean follow = true;
  private final Set<Object> selected = new HashSet<>();
  private Object focusKey;
  private Object anchorKey;
  private String placeholder = "No rows";
  private boolean followEnd = true;

  /**
   * @param title shown above the table
   * @param key identifies a row across updates (to keep the selection)
   * @param io where export files are written (never the FX thread)
   */
  public CanvasTable(String title, List<Column<T>> columns, Function<T, ?> key, Executor io) {
    this.columns = List.copyOf(columns);
    this.key = key;
    getStyleClass().addAll("data-table", "canvas-table");
    Text probe = new Text("0000000000");
    probe.setFont(BODY);
    charW = probe.getLayoutBounds().getWidth() / 10;
    rowH = Math.ceil(probe.getLayoutBounds().getHeight() + 6);
    headH = rowH + 4;
    bar = new TableBar<>(title, this.columns, this::visibleRows, sheet, this, io);
    bar.search().textProperty().addListener((o, a, b) -> reshape());
    focusLine.getStyleClass().addAll("text-muted", "canvas-table-focus");
    focusLine.setMaxWidth(Double.MAX_VALUE);
    focusLine.setMinHeight(Region.USE_PREF_SIZE);
    VBox.setVgrow(sheet, Priority.ALWAYS);
    getChildren().addAll(bar, sheet, focusLine);
    bar.count(0, 0);
  }

  /** Replaces the rows (oldest first); selection and focus follow rows by key. */
  public void setRows(List<T> next) {
    rows = List.copyOf(next);
    reshape();
  }

  public void setPlaceholder(String text) {
    placeholder = text;
    sheet.redraw();
  }

  public void focusSearch() {
    bar.search().requestFocus();
    bar.search().selectAll();
  }

  public TextField searchField() {
    return bar.search();
  }

  /** The rows the filter lets through, in table order. */
  public List<T> visibleRows() {
    return shown;
  }

  /** The selected rows, in table order. */
  public List<T> selectedRows() {
    List<T> out = new ArrayList<>();
    for (T r : shown) {
      if (selected.contains(key.apply(r))) {
        out.add(r);
      }
    }
    return out;
  }

  /** Index (in {@link #visibleRows()}) of the first row drawn. */
  public int firstShownIndex() {
    return top;
  }

  /** How many rows fit on screen. */
  public int rowsOnScreen() {
    return sheet.visibleRowCount();
  }

  /** Height of one row and of the header, in pixels (where a click lands). */
  public double rowHeight() {
    return rowH;
  }

  public double headerHeight() {
    return headH;
  }

  /** The line under the table: the focused row in full. */
  public String focusText() {
    return focusLine.getText();
  }

  /** The filtered rows as CSV (header first), as Save writes them. */
  public String toCsv() {
    return bar.csv(shown);
  }

  /** Filter, then sort, then keep the view where the user left it (or at the end). */
  private void reshape() {
    List<T> out = new ArrayList<>(rows.size());
    var filter = bar.filter();
    for (T r : rows) {
      if (filter.test(r)) {
        out.add(r);
      }
    }
    if (sortColumn >= 0) {
      Column<T> c = columns.get(sortColumn);
      Comparator<Object> values = c.comparator();
      Comparator<T> order = (a, b) -> compare(values, c.value().apply(a), c.value().apply(b));
      out.sort(descending ? order.reversed() : order);
    }
    shown = java.util.Collections.unmodifiableList(out);
    bar.count(shown.size(), rows.size());
    Set<Object> present = new HashSet<>();
    for (T r : shown) {
      present.add(key.apply(r));
    }
    selected.retainAll(present);
    if (focusKey != null && !present.contains(focusKey)) {
      focusKey = null;
    }
    updateFocusLine();
    sheet.scrollTo(follow && followEnd ? Integer.MAX_VALUE : top);
  }

  /**
   * Whether the view sticks to the last rows while it is scrolled to the end (the default, for rows
   * that arrive oldest first); off, it starts at the top and stays where it is put (worst-first
   * lists).
   */
  public void setFollowEnd(boolean on) {
    followEnd = on;
    follow = on;
    sheet.scrollTo(on ? Integer.MAX_VALUE : 0);
  }

  /**
   * What a cell shows: decimals to two places, so a column of latencies lines up (copy and CSV keep
   * the full value).
   */
  private static <T> String shownText(Column<T> c, T row) {
    Object v = c.value().apply(row);
    if (v instanceof Double d) {
      return d.isNaN() ? "" : String.format(java.util.Locale.ROOT, "%.2f", d);
    }
    return Column.format(v);
  }

  private static int compare(Comparator<Object> values, Object a, Object b) {
    if (a == null || b == null) {
      return a == b ? 0 : a == null ? -1 : 1;
    }
    return values.compare(a, b);
  }

  private int indexOf(Object k) {
    if (k == null) {
      return -1;
    }
    for (int i = 0; i < shown.size(); i++) {
      if (Objects.equals(key.apply(shown.get(i)), k)) {
        return i;
      }
    }
    return -1;
  }

  private void updateFocusLine() {
    int i = indexOf(focusKey);
    if (i < 0) {
      focusLine.setText(shown.isEmpty() ? "" : "Click a row to read it in full here");
      return;
    }
    T r = shown.get(i);
    StringBuilder b = new StringBuilder();
    for (Column<T> c : columns) {
      String t = c.textOf(r);
      if (!t.isEmpty()) {
        b.append(b.length() == 0 ? "" : " · ").append(c.title()).append(": ").append(t);
      }
    }
    focusLine.setText(b.toString());
  }

  /** Selects the row at index {@code i} the way a click with these modifiers does. */
  private void select(int i, boolean extend, boolean toggle) {
    if (i < 0 || i >= shown.size()) {
      return;
    }
    Object k = key.apply(shown.get(i));
    if (extend && anchorKey != null && indexOf(anchorKey) >= 0) {
      int a = indexOf(anchorKey);
      selected.clear();
      for (int j = Math.min(a, i); j <= Math.max(a, i); j++) {
        selected.add(key.apply(shown.get(j)));
      }
    } else if (toggle) {
      if (!selected.remove(k)) {
        selected.add(k);
      }
      anchorKey = k;
    } else {
      selected.clear();
      selected.add(k);
      anchorKey = k;
    }
    focusKey = k;
    updateFocusLine();
    sheet.reveal(i);
  }

  private void onKey(KeyEvent e) {
    int visible = sheet.visibleRowCount();
    int at = indexOf(focusKey);
    int next;
    switch (e.getCode()) {
      case UP -> next = at < 0 ? top : at - 1;
      case DOWN -> next = at < 0 ? top : at + 1;
      case PAGE_UP -> next = Math.max(0, (at < 0 ? top : at) - visible);
      case PAGE_DOWN -> next = Math.min(shown.size() - 1, (at < 0 ? top : at) + visible);
      case HOME -> next = 0;
      case END -> next = shown.size() - 1;
      case ESCAPE -> {
        selected.clear();
        focusKey = null;
        updateFocusLine();
        sheet.redraw();
        e.consume();
        return;
      }
      default -> {
        if (COPY.match(e)) {
          bar.copy(selectedRows());
          e.consume();
        } else if (ALL.match(e)) {
          for (T r : shown) {
            selected.add(key.apply(r));
          }
          sheet.redraw();
          e.consume();
        }
        return;
      }
    }
    e.consume();
    select(Math.max(0, Math.min(shown.size() - 1, next)), e.isShiftDown(), false);
  }

  /** The canvas, its vertical scroll bar, and the theme colours it paints with. */
  private final class Sheet extends Region {
    private final Canvas canvas = new Canvas();
    private final ScrollBar vbar = new ScrollBar();
    private final Label ink = new Label();
    private final Label muted = new Label();
    private final Region stripe = swatch("canvas-table-stripe");
    private final Region selection = swatch("canvas-table-selection");
    private final Region header = swatch("canvas-table-header");
    private final Region line = swatch("canvas-table-line");
    private final Region accent = swatch("canvas-table-accent");
    private boolean adjusting;
    private final Text headProbe = new Text();

    Sheet() {
      getStyleClass().add("canvas-table-sheet");
      headProbe.setFont(HEAD);
      setFocusTraversable(true);
      vbar.setOrientation(Orientation.VERTICAL);
      vbar.setUnitIncrement(1);
      vbar.valueProperty()
          .addListener(
              (o, a, b) -> {
                if (!adjusting) {
                  top = (int) Math.round(b.doubleValue());
                  follow = top >= maxTop();
                  redraw();
                }
              });
      muted.getStyleClass().add("text-muted");
      for (Label l : new Label[] {ink, muted}) {
        l.setVisible(false);
        l.setManaged(false);
        l.textFillProperty().addListener((o, a, b) -> redraw());
      }
      getChildren().addAll(canvas, vbar, ink, muted, stripe, selection, header, line, accent);
      setOnScroll(
          e -> {
            if (e.getDeltaY() != 0) {
              scrollTo(top - (int) Math.signum(e.getDeltaY()) * 3);
              e.consume();
            }
          });
      setOnMousePressed(this::onPress);
      addEventHandler(KeyEvent.KEY_PRESSED, CanvasTable.this::onKey);
      MenuItem copy = new MenuItem("Copy selected rows");
      copy.setOnAction(e -> bar.copy(selectedRows()));
      ContextMenu menu = new ContextMenu(copy);
      setOnContextMenuRequested(e -> menu.show(this, e.getScreenX(), e.getScreenY()));
      focusedProperty().addListener((o, a, b) -> redraw());
    }

    private Region swatch(String style) {
      Region r = new Region();
      r.getStyleClass().add(style);
      r.setVisible(false);
      r.setManaged(false);
      r.backgroundProperty().addListener((o, a, b) -> redraw());
      return r;
    }

    private Paint fill(Region r, Paint fallback) {
      Background b = r.getBackground();
      return b == null || b.getFills().isEmpty() ? fallback : b.getFills().get(0).getFill();
    }

    int visibleRowCount() {
      return Math.max(1, (int) Math.floor((canvas.getHeight() - headH) / rowH));
    }

    private int maxTop() {
      return Math.max(0, shown.size() - visibleRowCount());
    }

    void scrollTo(int row) {
      top = Math.max(0, Math.min(row, maxTop()));
      follow = top >= maxTop();
      adjusting = true;
      try {
        vbar.setMax(maxTop());
        vbar.setVisibleAmount(visibleRowCount());
        vbar.setBlockIncrement(visibleRowCount());
        vbar.setValue(top);
      } finally {
        adjusting = false;
      }
      boolean needed = shown.size() > visibleRowCount();
      if (vbar.isVisible() != needed) {
        vbar.setVisible(needed);
        requestLayout();
      }
      redraw();
    }

    void reveal(int i) {
      if (i < top) {
        scrollTo(i);
      } else if (i >= top + visibleRowCount()) {
        scrollTo(i - visibleRowCount() + 1);
      } else {
        redraw();
      }
    }

    private void onPress(MouseEvent e) {
      requestFocus();
      if (e.getButton() != MouseButton.PRIMARY) {
        return;
      }
      double y = e.getY() - snappedTopInset();
      if (y < headH) {
        int c = columnAt(e.getX() - snappedLeftInset());
        if (c >= 0) {
          if (c != sortColumn) {
            sortColumn = c;
            descending = false;
          } else if (!descending) {
            descending = true;
          } else {
            sortColumn = -1;
          }
          reshape();
        }
        return;
      }
      int i = top + (int) ((y - headH) / rowH);
      select(i, e.isShiftDown(), e.isShortcutDown());
    }

    private double[] widths(double w) {
      double[] out = new double[columns.size()];
      double used = 0;
      for (int i = 0; i < out.length; i++) {
        out[i] = columns.get(i).prefWidth();
        used += out[i];
      }
      if (out.length > 0 && used < w) {
        out[out.length - 1] += w - used;
      }
      return out;
    }

    private int columnAt(double x) {
      double[] ws = widths(canvas.getWidth());
      double left = 0;
      for (int i = 0; i < ws.length; i++) {
        if (x >= left && x < left + ws[i]) {
          return i;
        }
        left += ws[i];
      }
      return -1;
    }

    @Override
    protected void layoutChildren() {
      double in = snappedLeftInset();
      double barW = vbar.isVisible() ? vbar.prefWidth(-1) : 0;
      double w = Math.max(1, getWidth() - 2 * in - barW);
      double h = Math.max(1, getHeight() - 2 * in);
      canvas.relocate(in, in);
      vbar.resizeRelocate(in + w, in + headH, barW, Math.max(0, h - headH));
      if (canvas.getWidth() != w || canvas.getHeight() != h) {
        canvas.setWidth(w);
        canvas.setHeight(h);
        scrollTo(follow && followEnd ? Integer.MAX_VALUE : top);
      }
    }

    @Override
    protected double computePrefHeight(double width) {
      return headH + rowH * 12;
    }

    @Override
    protected double computeMinHeight(double width) {
      return headH + rowH * 3;
    }

    void redraw() {
      GraphicsContext g = canvas.getGraphicsContext2D();
      double w = canvas.getWidth();
      double h = canvas.getHeight();
      g.clearRect(0, 0, w, h);
      double[] ws = widths(w);
      g.setTextBaseline(VPos.CENTER);
      g.setFill(fill(header, Color.gray(0.5, 0.12)));
      g.fillRect(0, 0, w, headH);
      g.setFont(HEAD);
      double x = 0;
      for (int c = 0; c < ws.length; c++) {
        String title = columns.get(c).title();
        if (c == sortColumn) {
          title += descending ? " ▼" : " ▲";
        }
        g.setFill(ink.getTextFill());
        headerCell(g, title, columns.get(c).numeric(), x, ws[c]);
        x += ws[c];
      }
      g.setFill(fill(line, Color.gray(0.5, 0.4)));
      g.fillRect(0, headH - 1, w, 1);
      if (shown.isEmpty()) {
        g.setFill(muted.getTextFill());
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(
            rows.isEmpty() ? placeholder : "No rows match the filter",
            w / 2,
            headH + (h - headH) / 2);
        return;
      }
      g.setFont(BODY);
      Paint stripeFill = fill(stripe, Color.gray(0.5, 0.06));
      Paint selectedFill = fill(selection, Color.web("#3b82f6", 0.25));
      int end = Math.min(shown.size(), top + visibleRowCount() + 1);
      for (int i = top; i < end; i++) {
        T r = shown.get(i);
        double y = headH + (i - top) * rowH;
        Object k = key.apply(r);
        if (selected.contains(k)) {
          g.setFill(selectedFill);
          g.fillRect(0, y, w, rowH);
        } else if (i % 2 == 1) {
          g.setFill(stripeFill);
          g.fillRect(0, y, w, rowH);
        }
        if (isFocused() && Objects.equals(k, focusKey)) {
          g.setStroke(fill(accent, Color.web("#3b82f6")));
          g.setLineWidth(1);
          g.strokeRect(0.5, y + 0.5, w - 1, rowH - 1);
        }
        g.setFill(ink.getTextFill());
        x = 0;
        for (int c = 0; c < ws.length; c++) {
          Column<T> col = columns.get(c);
          cell(g, shownText(col, r), col.numeric(), x, ws[c], y + rowH / 2);
          x += ws[c];
        }
      }
    }

    /** A column title, shortened only when it does not fit (measured: the header font varies). */
    private void headerCell(
        GraphicsContext g, String title, boolean right, double x, double width) {
      String t = title;
      headProbe.setText(t);
      while (t.length() > 1 && headProbe.getLayoutBounds().getWidth() > width - 2 * PAD) {
        t = t.substring(0, t.length() - 2) + "…";
        headProbe.setText(t);
      }
      g.setTextAlign(right ? TextAlignment.RIGHT : TextAlignment.LEFT);
      g.fillText(t, right ? x + width - PAD : x + PAD, headH / 2);
    }

    /** One cell's text, cut with an ellipsis where it would cross into the next column. */
    private void cell(
        GraphicsContext g, String text, boolean right, double x, double width, double y) {
      if (text.isEmpty()) {
        return;
      }
      int fits = (int) Math.floor((width - 2 * PAD) / charW);
      if (fits <= 0) {
        return;
      }
      String t = text.indexOf('\n') >= 0 ? text.replace('\n', ' ') : text;
      if (t.length() > fits) {
        t = t.substring(0, Math.max(0, fits - 1)) + "…";
      }
      g.setTextAlign(right ? TextAlignment.RIGHT : TextAlignment.LEFT);
      g.fillText(t, right ? x + width - PAD : x + PAD, y);
    }
  }
}
