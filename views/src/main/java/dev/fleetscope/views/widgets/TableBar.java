package dev.fleetscope.views.widgets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The bar above both kinds of table: title, row count, filter box and Export menu; and the text
 * rules they share (what a filter matches, how rows are copied and saved).
 */
final class TableBar<T> extends HBox {
  private final List<Column<T>> columns;
  private final TextField search = new TextField();
  private final Label count = new Label();

  /**
   * @param visible the rows the filter lets through, in table order (what Export copies and saves)
   * @param away where the keyboard goes when Escape clears the filter
   */
  TableBar(
      String title,
      List<Column<T>> columns,
      Supplier<List<? extends T>> visible,
      Node away,
      Node owner,
      Executor io) {
    super(8);
    this.columns = columns;
    Label heading = new Label(title);
    heading.getStyleClass().add("data-table-title");
    search.setPromptText("Filter " + title.toLowerCase(Locale.ROOT) + "…");
    search.getStyleClass().add("data-table-search");
    search.setPrefColumnCount(18);
    search.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ESCAPE) {
            search.clear();
            away.requestFocus();
          }
        });
    count.getStyleClass().add("data-table-count");

    MenuItem copy = new MenuItem("Copy rows (TSV)");
    copy.setOnAction(e -> copy(visible.get()));
    MenuItem save = new MenuItem("Save as CSV…");
    save.setOnAction(
        e ->
            FileExport.save(
                owner,
                "Save table as CSV",
                "CSV",
                "csv",
                "table.csv",
                () -> csv(visible.get()).getBytes(StandardCharsets.UTF_8),
                io));
    MenuButton export = new MenuButton("Export", null, copy, save);
    export.getStyleClass().add("flat");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    getChildren().addAll(heading, count, spacer, search, export);
    setAlignment(Pos.CENTER_LEFT);
    getStyleClass().add("data-table-bar");
  }

  TextField search() {
    return search;
  }

  void count(int shown, int total) {
    count.setText(shown == total ? total + " rows" : shown + " of " + total + " rows");
  }

  /** Every word of the filter box must occur (ignoring case) in some column of the row. */
  Predicate<T> filter() {
    String[] words = search.getText().trim().toLowerCase(Locale.ROOT).split("\\s+");
    return row -> {
      for (String w : words) {
        if (w.isEmpty()) {
          continue;
        }
        boolean hit = false;
        for (Column<T> c : columns) {
          if (c.textOf(row).toLowerCase(Locale.ROOT).contains(w)) {
            hit = true;
            break;
          }
        }
        if (!hit) {
          return false;
        }
      }
      return true;
    };
  }

  String csv(List<? extends T> items) {
    return delimited(items, ",", true);
  }

  /** Puts the rows on the clipboard as tab-separated text, header first. */
  void copy(List<? extends T> items) {
    ClipboardContent content = new ClipboardContent();
    content.putString(delimited(items, "\t", false));
    Clipboard.getSystemClipboard().setContent(content);
  }

  private String delimited(List<? extends T> items, String sep, boolean quote) {
    List<String> lines = new ArrayList<>();
    lines.add(
        columns.stream().map(c -> cell(c.title(), sep, quote)).collect(Collectors.joining(sep)));
    for (T row : items) {
      lines.add(
          columns.stream()
              .map(c -> cell(c.textOf(row), sep, quote))
              .collect(Collectors.joining(sep)));
    }
    return String.join("\n", lines) + "\n";
  }

  private static String cell(String text, String sep, boolean quote) {
    if (!quote) {
      return text.replace('\t', ' ').replace('\n', ' ');
    }
    if (text.contains(sep) || text.contains("\"") || text.contains("\n")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
