package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The shared table under Monocle: live updates keep the selection, one row or all rows changed. */
class DataTableTest {
  record Row(int id, long value) {}

  Stage stage;
  DataTable<Row> table;

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @BeforeEach
  void open() throws Exception {
    table =
        onFx(
            () -> {
              DataTable<Row> t =
                  new DataTable<>(
                      "Jobs",
                      List.of(
                          Column.number("Id", Row::id, 80), Column.number("Value", Row::value, 80)),
                      Row::id,
                      Runnable::run);
              stage = new Stage();
              stage.setScene(new Scene(t, 400, 300));
              stage.show();
              return t;
            });
  }

  @AfterEach
  void close() throws Exception {
    onFx(
        () -> {
          stage.close();
          return null;
        });
  }

  static List<Row> rows(int n, long round, int changed) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Row(i, i < changed ? round * 1000 + i : i));
    }
    return out;
  }

  private Row selectedAfter(List<Row> next) throws Exception {
    return onFx(
        () -> {
          table.setRows(next);
          return table.tableView().getSelectionModel().getSelectedItem();
        });
  }

  @Test
  void theSelectedRowStaysSelectedWhenAFewOrAllRowsChange() throws Exception {
    onFx(
        () -> {
          table.setRows(rows(5_000, 0, 0));
          table.tableView().getSelectionModel().select(57);
          return null;
        });
    // Three rows changed: replaced one by one.
    Row few = selectedAfter(rows(5_000, 1, 3));
    assertThat(few.id()).isEqualTo(57);
    // Every row changed (a queue listing's ages): replaced at once, the selection found by key.
    Row all = selectedAfter(rows(5_000, 2, 5_000));
    assertThat(all.id()).isEqualTo(57);
    assertThat(all.value()).isEqualTo(2 * 1000 + 57);
    assertThat(onFx(() -> table.visibleRows().get(4_999).value())).isEqualTo(2 * 1000 + 4_999);
  }

  /** The row nodes on screen, top to bottom, after a CSS and layout pass. */
  private List<TableRow<?>> rowNodes() {
    table.applyCss();
    table.layout();
    List<TableRow<?>> out = new ArrayList<>();
    for (var n : table.tableView().lookupAll(".table-row-cell")) {
      if (n instanceof TableRow<?> r && r.getItem() != null && r.isVisible()) {
        out.add(r);
      }
    }
    out.sort(java.util.Comparator.comparingInt(TableRow::getIndex));
    return out;
  }

  private static String cellText(TableRow<?> row, int column) {
    return ((TableCell<?, ?>) row.lookupAll(".table-cell").toArray()[column]).getText();
  }

  @Test
  void changedValuesAreShownInTheSameRowNodesWithoutRebuildingThem() throws Exception {
    List<TableRow<?>> before =
        onFx(
            () -> {
              table.setRows(rows(200, 0, 0));
              return rowNodes();
            });
    assertThat(before).hasSizeGreaterThan(3);
    List<TableRow<?>> after =
        onFx(
            () -> {
              table.setRows(rows(200, 7, 2));
              return rowNodes();
            });
    // TableView rebuilds every row and cell when an item is replaced; an update keeps them.
    assertThat(after).containsExactlyElementsOf(before);
    assertThat(onFx(() -> cellText(after.get(1), 1))).isEqualTo("7001");
    assertThat(onFx(() -> cellText(after.get(2), 1))).isEqualTo("2");
  }

  @Test
  void aSortedTableReordersWhenAValueMovesARowAndKeepsItSelected() throws Exception {
    onFx(
        () -> {
          table.setRows(rows(50, 0, 0));
          TableColumn<Row, ?> value = table.tableView().getColumns().get(1);
          value.setSortType(TableColumn.SortType.DESCENDING);
          table.tableView().getSortOrder().setAll(value);
          table.tableView().getSelectionModel().select(0);
          return null;
        });
    assertThat(onFx(() -> table.visibleRows().get(0).id())).isEqualTo(49);
    // Row 3 jumps to the top (value 1003); row 49 stays selected, now second.
    List<Row> next = rows(50, 0, 0);
    next.set(3, new Row(3, 1003));
    Row selected = selectedAfter(next);
    assertThat(onFx(() -> table.visibleRows().stream().map(Row::id).limit(3).toList()))
        .containsExactly(3, 49, 48);
    assertThat(selected.id()).isEqualTo(49);
    assertThat(onFx(() -> table.tableView().getSelectionModel().getSelectedIndex())).isEqualTo(1);
    // A value change that keeps the order is an update of the selected row in place.
    next = new ArrayList<>(next);
    next.set(49, new Row(49, 500));
    selected = selectedAfter(next);
    assertThat(selected).isEqualTo(new Row(49, 500));
  }

  @Test
  void aFilteredTableShowsRowsThatStartToMatchAndHidesThoseThatStop() throws Exception {
    onFx(
        () -> {
          table.setRows(rows(20, 0, 0));
          table.searchField().setText("7");
          return null;
        });
    assertThat(onFx(() -> table.visibleRows().stream().map(Row::id).toList()))
        .containsExactly(7, 17);
    List<Row> next = rows(20, 0, 0);
    next.set(2, new Row(2, 70));
    next.set(17, new Row(17, 18));
    onFx(
        () -> {
          table.setRows(next);
          return null;
        });
    // "7" matches id 7, and row 2 by its value 70; row 17 still matches by its id.
    assertThat(onFx(() -> table.visibleRows().stream().map(Row::id).toList()))
        .containsExactly(2, 7, 17);
    assertThat(onFx(() -> table.visibleRows().get(0).value())).isEqualTo(70);
  }
}
