package dev.fleetscope.views.widgets;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The one table used everywhere: a virtualized {@link TableView} with a filter box (every word must
 * match some column), a row count, sorting on every column, selection kept across live updates,
 * Ctrl+C to copy the selected rows, and export of the filtered rows as CSV.
 */
public final class DataTable<T> extends VBox {
  private final List<Column<T>> columns;
  private final Function<T, ?> key;
  private final LiveRows<T> rows;
  private final TableView<T> table = new TableView<>();
  private final TableBar<T> bar;

  /**
   * @param title shown above the table
   * @param key identifies a row across updates (to keep the selection)
   * @param io where export files are written (never the FX thread)
   */
  public DataTable(String title, List<Column<T>> columns, Function<T, ?> key, Executor io) {
    this.columns = List.copyOf(columns);
    this.key = key;
    this.rows = new LiveRows<>(key);
    getStyleClass().add("data-table");
    bar = new TableBar<>(title, this.columns, this::visibleRows, table, this, io);
    bar.search().textProperty().addListener((o, a, b) -> applyFilter());

    for (Column<T> c : this.columns) {
      table.getColumns().add(column(c));
    }
    table.setItems(rows);
    table.setSortPolicy(
        t -> {
          keepSelection(() -> rows.setComparator(t.getComparator()));
          return true;
        });
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    table.setPlaceholder(new Label("No rows"));
    table.getStyleClass().add(atlantafx.base.theme.Styles.DENSE);
    KeyCombination copyKeys = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    table.setOnKeyPressed(
        e -> {
          if (copyKeys.match(e)) {
            bar.copy(table.getSelectionModel().getSelectedItems());
            e.consume();
          }
        });
    MenuItem copySelected = new MenuItem("Copy selected rows");
    copySelected.setOnAction(e -> bar.copy(table.getSelectionModel().getSelectedItems()));
    table.setContextMenu(new ContextMenu(copySelected));
    VBox.setVgrow(table, Priority.ALWAYS);
    getChildren().addAll(bar, table);
    updateCount();
  }

  /**
   * Replaces the rows. When the same rows come back in the same order (a live update), the table
   * refreshes only the cells of the rows whose values changed, in place (see {@link LiveRows}), and
   * the selection stays as it is; otherwise the selected row is found again by key.
   */
  public void setRows(List<T> next) {
    keepSelection(() -> rows.setAll(next));
    updateCount();
  }

  /**
   * Runs a change of the rows and keeps the selection: the selected row, found again by key when
   * the list was replaced, and the selection model's selected item, which TableView does not
   * refresh when a row's values change in place.
   */
  private void keepSelection(Runnable change) {
    var selection = table.getSelectionModel();
    T selected = selection.getSelectedItem();
    Object selectedKey = selected == null ? null : key.apply(selected);
    change.run();
    int index = selection.getSelectedIndex();
    if (index >= 0
        && index < rows.size()
        && Objects.equals(key.apply(rows.get(index)), selectedKey)) {
      if (rows.get(index) != selection.getSelectedItem()) {
        selection.select(index);
      }
      return;
    }
    if (selectedKey != null) {
      for (int i = 0; i < rows.size(); i++) {
        if (Objects.equals(key.apply(rows.get(i)), selectedKey)) {
          selection.clearAndSelect(i);
          break;
        }
      }
    }
  }

  /**
   * Keeps every column at its preferred width and scrolls sideways when they do not fit (for wide
   * tables whose first columns say the most).
   */
  public void scrollSideways() {
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
  }

  public void setPlaceholder(String text) {
    table.setPlaceholder(new Label(text));
  }

  public void focusSearch() {
    bar.search().requestFocus();
    bar.search().selectAll();
  }

  public TableView<T> tableView() {
    return table;
  }

  public TextField searchField() {
    return bar.search();
  }

  /** The rows the filter lets through, in table order. */
  public List<T> visibleRows() {
    return List.copyOf(table.getItems());
  }

  private void applyFilter() {
    keepSelection(() -> rows.setPredicate(bar.filter()));
    updateCount();
  }

  private void updateCount() {
    bar.count(rows.size(), rows.all().size());
  }

  /** The filtered rows as CSV (header first), as Save writes them. */
  public String toCsv() {
    return bar.csv(visibleRows());
  }

  private TableColumn<T, Object> column(Column<T> c) {
    TableColumn<T, Object> col = new TableColumn<>(c.title());
    col.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(c.value().apply(cell.getValue())));
    col.setComparator(c.comparator());
    col.setPrefWidth(c.prefWidth());
    if (c.numeric()) {
      col.getStyleClass().add("numeric");
    }
    switch (c.kind()) {
      case USAGE -> col.setCellFactory(x -> new UsageCell<>());
      case BADGE -> col.setCellFactory(x -> new BadgeCell<>());
      case SPARK -> col.setCellFactory(x -> new SparkCell<>());
      default -> col.setCellFactory(x -> new TextCell<>());
    }
    return col;
  }

  /** Text as {@link Column#format} writes it (as copied and exported). */
  private static final class TextCell<T> extends TableCell<T, Object> {
    @Override
    protected void updateItem(Object item, boolean empty) {
      super.updateItem(item, empty);
      setText(empty ? null : Column.format(item));
      setGraphic(null);
    }
  }

  private static final class UsageCell<T> extends TableCell<T, Object> {
    private final Region fill = new Region();
    private final Label text = new Label();
    private final StackPane bar = new StackPane();
    private double fraction = Double.NaN;

    UsageCell() {
      Region track = new Region();
      track.getStyleClass().add("usage-track");
      fill.getStyleClass().add("usage-fill");
      fill.setMaxWidth(0);
      StackPane.setAlignment(fill, Pos.CENTER_LEFT);
      text.getStyleClass().add("usage-text");
      bar.getChildren().addAll(track, fill, text);
      bar.getStyleClass().add("usage-bar");
      setGraphic(null);
    }

    @Override
    protected void updateItem(Object item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || !(item instanceof Usage u)) {
        setGraphic(null);
        setText(null);
        return;
      }
      text.setText(u.toString());
      if (u.fraction() != fraction) {
        // A new binding lays the bar out again, so only when the share moved.
        fraction = u.fraction();
        fill.maxWidthProperty().unbind();
        fill.maxWidthProperty().bind(bar.widthProperty().multiply(fraction));
      }
      if (!fill.getStyleClass().contains(u.fillStyle())) {
        fill.getStyleClass().setAll("usage-fill", u.fillStyle());
      }
      setGraphic(bar);
      setText(null);
    }
  }

  /** A polyline of recent values scaled to the cell, with the last value beside it. */
  private static final class SparkCell<T> extends TableCell<T, Object> {
    private static final double W = 64;
    private static final double H = 16;
    private final javafx.scene.shape.Polyline line = new javafx.scene.shape.Polyline();
    private final Label value = new Label();
    private final HBox box;

    SparkCell() {
      line.getStyleClass().add("spark-line");
      javafx.scene.layout.Pane plot = new javafx.scene.layout.Pane(line);
      plot.setMinSize(W, H);
      plot.setPrefSize(W, H);
      plot.setMaxSize(W, H);
      value.getStyleClass().add("spark-value");
      box = new HBox(6, plot, value);
      box.setAlignment(Pos.CENTER_LEFT);
    }

    @Override
    protected void updateItem(Object item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || !(item instanceof Spark s) || s.values().length == 0) {
        setGraphic(null);
        setText(null);
        return;
      }
      double[] v = s.values();
      double min = 0;
      double max = 0;
      for (double d : v) {
        if (!Double.isNaN(d)) {
          max = Math.max(max, d);
          min = Math.min(min, d);
        }
      }
      double span = max - min > 0 ? max - min : 1;
      Double[] points = new Double[v.length * 2];
      int n = 0;
      for (int i = 0; i < v.length; i++) {
        if (Double.isNaN(v[i])) {
          continue;
        }
        points[n++] = v.length == 1 ? W : i * W / (v.length - 1);
        points[n++] = H - (v[i] - min) / span * H;
      }
      line.getPoints().setAll(java.util.Arrays.copyOf(points, n));
      double last = s.last();
      value.setText(Double.isNaN(last) ? "" : String.format(Locale.ROOT, "%.0f%s", last, s.unit()));
      setGraphic(box);
      setText(null);
    }
  }

  private static final class BadgeCell<T> extends TableCell<T, Object> {
    private final Label label = new Label();

    @Override
    protected void updateItem(Object item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || !(item instanceof Badge b)) {
        setGraphic(null);
        setText(null);
        return;
      }
      label.setText(b.text());
      String severity = "badge-" + b.severity().name().toLowerCase(Locale.ROOT);
      if (!label.getStyleClass().contains(severity)) {
        label.getStyleClass().setAll("label", "badge", severity);
      }
      setGraphic(label);
      setText(null);
    }
  }
}
