package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.views.widgets.CanvasTable;
import dev.fleetscope.views.widgets.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The canvas-drawn table of the eBPF section, driven with the mouse and keyboard under Monocle: it
 * follows the newest rows, sorts on header clicks, selects and copies, filters, and keeps the
 * selection across a refresh.
 */
class CanvasTableTest {
  record Row(long seq, String name, double ms) {}

  final FxRobot robot = new FxRobot();
  Stage stage;
  CanvasTable<Row> table;

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @BeforeEach
  void open() throws Exception {
    table =
        onFx(
            () -> {
              CanvasTable<Row> t =
                  new CanvasTable<>(
                      "Events",
                      List.of(
                          Column.number("Seq", Row::seq, 80),
                          Column.text("Name", Row::name, 160),
                          Column.number("Latency ms", Row::ms, 100)),
                      Row::seq,
                      Runnable::run);
              stage = new Stage();
              Scene scene = new Scene(t, 700, 420);
              scene
                  .getStylesheets()
                  .add(
                      Objects.requireNonNull(
                              CanvasTable.class.getResource("/dev/fleetscope/views/fleetscope.css"))
                          .toExternalForm());
              stage.setScene(scene);
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

  static List<Row> rows(int from, int to) {
    List<Row> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      // Latencies out of step with arrival, so sorting by them changes the order.
      out.add(
          new Row(
              i,
              "task-" + (i % 7) + (i == 3 ? "-with-a-very-long-name-cut-on-screen" : ""),
              (i * 37) % 101 / 10.0));
    }
    return out;
  }

  private void show(int from, int to) throws Exception {
    onFx(
        () -> {
          table.setRows(rows(from, to));
          return null;
        });
  }

  private void filter(String text) throws Exception {
    onFx(
        () -> {
          table.searchField().setText(text);
          return null;
        });
  }

  private Node sheet() throws Exception {
    return onFx(() -> robot.lookup(".canvas-table-sheet").query());
  }

  /** Screen point of row {@code i} of the visible rows (it must be on screen), in column 2. */
  private Point2D rowPoint(int i) throws Exception {
    Node sheet = sheet();
    return onFx(
        () ->
            sheet.localToScreen(
                120,
                1
                    + table.headerHeight()
                    + (i - table.firstShownIndex()) * table.rowHeight()
                    + table.rowHeight() / 2));
  }

  private Point2D headerPoint(double x) throws Exception {
    Node sheet = sheet();
    return onFx(() -> sheet.localToScreen(x, 1 + table.headerHeight() / 2));
  }

  static javafx.scene.input.ScrollEvent wheel(double deltaY) {
    return new javafx.scene.input.ScrollEvent(
        javafx.scene.input.ScrollEvent.SCROLL,
        10,
        60,
        10,
        60,
        false,
        false,
        false,
        false,
        false,
        false,
        0,
        deltaY,
        0,
        deltaY,
        javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE,
        0,
        javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.LINES,
        1,
        0,
        null);
  }

  @Test
  void followsTheNewestRowsUntilScrolledBackThenStaysPut() throws Exception {
    show(0, 500);
    int onScreen = onFx(table::rowsOnScreen);
    assertThat(onScreen).isBetween(5, 30);
    assertThat(onFx(table::firstShownIndex)).isEqualTo(500 - onScreen);
    show(0, 600);
    assertThat(onFx(table::firstShownIndex)).isEqualTo(600 - onScreen);
    // Scrolled back (the wheel, 3 rows a notch), the view stays where the reader is.
    Node sheet = sheet();
    onFx(
        () -> {
          javafx.event.Event.fireEvent(sheet, wheel(40));
          return null;
        });
    assertThat(onFx(table::firstShownIndex)).isEqualTo(600 - onScreen - 3);
    robot.clickOn(rowPoint(600 - onScreen), MouseButton.PRIMARY);
    robot.type(KeyCode.PAGE_UP);
    robot.type(KeyCode.PAGE_UP);
    int kept = onFx(table::firstShownIndex);
    assertThat(kept).isLessThan(600 - onScreen - 3);
    show(0, 700);
    assertThat(onFx(table::firstShownIndex)).isEqualTo(kept);
    // End goes back to the newest, and following resumes.
    robot.clickOn(rowPoint(kept), MouseButton.PRIMARY);
    robot.type(KeyCode.END);
    assertThat(onFx(table::firstShownIndex)).isEqualTo(700 - onScreen);
    show(0, 800);
    assertThat(onFx(table::firstShownIndex)).isEqualTo(800 - onScreen);
  }

  @Test
  void aHeaderClickSortsAgainReversesAndAThirdRestoresArrivalOrder() throws Exception {
    show(0, 50);
    // "Latency ms" is the third column: 80 + 160 px in, plus the border.
    Point2D latency = headerPoint(1 + 80 + 160 + 50);
    robot.clickOn(latency, MouseButton.PRIMARY);
    List<Row> up = onFx(table::visibleRows);
    assertThat(up).hasSize(50);
    for (int i = 1; i < up.size(); i++) {
      assertThat(up.get(i).ms()).isGreaterThanOrEqualTo(up.get(i - 1).ms());
    }
    robot.clickOn(latency, MouseButton.PRIMARY);
    List<Row> down = onFx(table::visibleRows);
    for (int i = 1; i < down.size(); i++) {
      assertThat(down.get(i).ms()).isLessThanOrEqualTo(down.get(i - 1).ms());
    }
    assertThat(down.get(0).ms()).isEqualTo(up.get(up.size() - 1).ms());
    robot.clickOn(latency, MouseButton.PRIMARY);
    assertThat(onFx(table::visibleRows)).isEqualTo(rows(0, 50));
  }

  @Test
  void clickShiftClickSelectARangeThatSurvivesARefreshAndCtrlCCopiesIt() throws Exception {
    show(0, 10);
    robot.clickOn(rowPoint(2), MouseButton.PRIMARY);
    robot.press(KeyCode.SHIFT).clickOn(rowPoint(5), MouseButton.PRIMARY).release(KeyCode.SHIFT);
    assertThat(onFx(table::selectedRows)).extracting(Row::seq).containsExactly(2L, 3L, 4L, 5L);
    // The focused row is shown in full below the table, even where the canvas cut it.
    robot.clickOn(rowPoint(3), MouseButton.PRIMARY);
    assertThat(onFx(table::focusText)).contains("task-3-with-a-very-long-name-cut-on-screen");
    robot.press(KeyCode.SHIFT).type(KeyCode.DOWN).type(KeyCode.DOWN).release(KeyCode.SHIFT);
    assertThat(onFx(table::selectedRows)).extracting(Row::seq).containsExactly(3L, 4L, 5L);
    // A refresh with newer rows keeps the selection on the same rows (by key).
    show(0, 12);
    assertThat(onFx(table::selectedRows)).extracting(Row::seq).containsExactly(3L, 4L, 5L);
    robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
    String copied = onFx(() -> Clipboard.getSystemClipboard().getString());
    List<String> expected = new ArrayList<>(List.of("Seq\tName\tLatency ms"));
    for (Row r : rows(3, 6)) {
      // Copied as the table reads: a whole number without ".0".
      String ms =
          r.ms() == Math.rint(r.ms()) ? Long.toString((long) r.ms()) : Double.toString(r.ms());
      expected.add(r.seq() + "\t" + r.name() + "\t" + ms);
    }
    assertThat(copied.split("\n")).containsExactlyElementsOf(expected);
  }

  @Test
  void theFilterKeepsRowsWithEveryWordAndCountsThem() throws Exception {
    show(0, 70);
    filter("TASK-4");
    List<Row> hits = onFx(table::visibleRows);
    assertThat(hits).hasSize(10).allMatch(r -> r.name().equals("task-4"));
    assertThat(onFx(table::toCsv)).startsWith("Seq,Name,Latency ms\n4,task-4,");
    filter("task-4 nothing");
    assertThat(onFx(table::visibleRows)).isEmpty();
  }
}
