package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.await;
import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.views.probe.ProbeFigures.TensorRow;
import dev.fleetscope.views.widgets.DataTable;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** The GPU probe section in the real window (Monocle): the model here, results from an H100. */
class GpuProbeSectionTest {
  private static final Path H100_RESULT =
      Path.of("docs/benchmarks-data/h100-2026-11-24/llama3-8b.json");
  @TempDir Path home;
  final FxRobot robot = new FxRobot();
  SectionWindow window;

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  private void open(String... args) throws Exception {
    window = SectionWindow.open(home, "probe", args);
  }

  @AfterEach
  void close() throws Exception {
    window.close();
  }

  private String texts() throws Exception {
    return onFx(
        () ->
            String.join(
                "\n",
                robot.lookup("#probe-section").queryAll().stream()
                    .flatMap(n -> robot.from(n).lookup(".label").queryAllAs(Label.class).stream())
                    .filter(Node::isVisible)
                    .map(Label::getText)
                    .toList()));
  }

  @Test
  void theModelRunsOnFirstSightAndABadWorkloadKeepsTheResult() throws Exception {
    open("--demo-seed", "5");
    await(() -> texts().contains("195 segments, 15.1 GiB reserved, 129 MiB inactive split"));
    String origin = onFx(() -> robot.lookup("#probe-origin").queryAs(Label.class).getText());
    assertThat(origin).startsWith("Modelled on this host at ");
    if (onFx(() -> window.services().probe().measurementUnavailable().isPresent())) {
      assertThat(
              onFx(
                  () ->
                      robot
                          .lookup("#probe-allocator-cudaMalloc")
                          .queryAs(CheckBox.class)
                          .isDisabled()))
          .isTrue();
      assertThat(onFx(() -> robot.lookup("#probe-no-gpu").queryAs(Label.class).getText()))
          .startsWith("No CUDA device on this host (no CUDA driver:");
    }

    onFx(
        () -> {
          robot
              .lookup("#probe-workload")
              .queryAs(ComboBox.class)
              .getEditor()
              .setText("kv-cache:blocks=0");
          robot.lookup("#probe-run").queryAs(Button.class).fire();
          return null;
        });
    await(() -> onFx(() -> robot.lookup("#probe-error").queryAs(Label.class).isVisible()));
    assertThat(onFx(() -> robot.lookup("#probe-error").queryAs(Label.class).getText()))
        .isEqualTo("preset kv-cache:blocks=0: blocks=0 is not a positive whole number");
    assertThat(texts()).contains("195 segments");

    onFx(
        () -> {
          robot
              .lookup("#probe-workload")
              .queryAs(ComboBox.class)
              .getEditor()
              .setText("kv-cache:blocks=512");
          robot
              .lookup("#probe-alloc-conf")
              .queryAs(TextField.class)
              .setText("expandable_segments:True");
          robot.lookup("#probe-run").queryAs(Button.class).fire();
          return null;
        });
    await(() -> texts().contains("(modelled, expandable_segments:True)"));
    assertThat(onFx(() -> robot.lookup("#probe-error").queryAs(Label.class).isVisible())).isFalse();
    window.showSubView("tensors");
    @SuppressWarnings("unchecked")
    DataTable<TensorRow> tensors = (DataTable<TensorRow>) robot.lookup("#probe-tensors").query();
    List<TensorRow> rows = onFx(tensors::visibleRows);
    assertThat(rows).hasSize(32);
    // One expandable segment: the 32 layers' KV tensors sit back to back, 256 MiB apart.
    assertThat(rows.get(1).of("model").address() - rows.get(0).of("model").address())
        .isEqualTo(2L * 512 * 16 * 8 * 128 * 2);
  }

  @Test
  void aResultFromAnH100ShowsEachAllocatorsPlacement() throws Exception {
    open("--demo-seed", "5", "--probe-result", H100_RESULT.toString());
    await(() -> texts().contains("Device 0: NVIDIA H100 80GB HBM3"));
    String all = texts();
    assertThat(all).contains("Opened llama3-8b.json (made on ");
    assertThat(all).doesNotContain("Not measured");
    window.showSubView("tensors");
    @SuppressWarnings("unchecked")
    DataTable<TensorRow> tensors = (DataTable<TensorRow>) robot.lookup("#probe-tensors").query();
    List<TensorRow> rows = onFx(tensors::visibleRows);
    assertThat(rows).hasSize(291);
    assertThat(rows.get(0).of("cudaMalloc").alignment()).isGreaterThanOrEqualTo(2L << 20);
    assertThat(rows.get(0).of("pool")).isNotNull();
    assertThat(rows.get(0).of("vmm").waste()).isZero();
  }
}
