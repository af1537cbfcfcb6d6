package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.views.widgets.Column;
import dev.fleetscope.views.widgets.DataTable;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
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
}
