package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.await;
import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.views.gpumemory.GpuMemoryView;
import dev.fleetscope.views.gpumemory.SegmentMap;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** The GPU memory section in the real window (Monocle): the demo map, hover, zoom, snapshots. */
class GpuMemorySectionTest {
  private static final Path H100_SNAPSHOT =
      Path.of("docs/benchmarks-data/h100-2026-11-24/torch-snapshot-churn100.pickle");
  @TempDir Path home;
  SectionWindow window;

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  private GpuMemoryView open(String... args) throws Exception {
    window = SectionWindow.open(home, "gpu-memory", args);
    return onFx(() -> (GpuMemoryView) window.view());
  }

  @AfterEach
  void close() throws Exception {
    window.close();
  }

  private String label(String id) throws Exception {
    return window.label(id);
  }

  @Test
  void theDemoMapShowsBlocksOnHoverAndZoomsAroundThePointer() throws Exception {
    GpuMemoryView view = open("--demo-seed", "5");
    assertThat(label("#gpu-memory-origin"))
        .startsWith("Demo: the allocator model's layout of a serving replica");
    assertThat(label("#gpu-memory-totals"))
        .startsWith("reserved ")
        .contains("internal fragmentation");
    SegmentMap map = view.map();
    Node canvas = onFx(() -> map.getChildrenUnmodifiable().get(0));
    // Events carry scene coordinates; the canvas turns them into its own.
    javafx.geometry.Point2D at = onFx(() -> canvas.localToScene(120, 9));
    double x = at.getX();
    double y = at.getY();
    onFx(
        () -> {
          Event.fireEvent(
              canvas,
              new MouseEvent(
                  MouseEvent.MOUSE_MOVED,
                  x,
                  y,
                  x,
                  y,
                  MouseButton.NONE,
                  0,
                  false,
                  false,
                  false,
                  false,
                  false,
                  false,
                  false,
                  false,
                  false,
                  false,
                  null));
          return null;
        });
    // The first segment holds the embedding table, the first tensor the replica allocated.
    assertThat(label("#gpu-memory-hover"))
        .startsWith("active allocated block at 0x")
        .contains("requested 1002.00 MiB")
        .contains("at model.embed_tokens.weight (allocator model)");
    double before = onFx(map::zoom);
    onFx(
        () -> {
          Event.fireEvent(
              canvas,
              new ScrollEvent(
                  ScrollEvent.SCROLL,
                  x + 300,
                  y,
                  x + 300,
                  y,
                  false,
                  true,
                  false,
                  false,
                  false,
                  false,
                  0,
                  40,
                  0,
                  40,
                  ScrollEvent.HorizontalTextScrollUnits.NONE,
                  0,
                  ScrollEvent.VerticalTextScrollUnits.NONE,
                  0,
                  0,
                  null));
          return null;
        });
    assertThat(onFx(map::zoom)).isGreaterThan(before);
    assertThat(onFx(map::start)).isPositive();
    // Level of detail: however far out, a frame fills at most one rectangle per pixel column.
    int filled = onFx(map::draw);
    assertThat(filled).isPositive().isLessThan(40 * 1400);
  }

  @Test
  void aRealSnapshotOpensAndABadFileSaysWhy() throws Exception {
    open("--demo-seed", "5", "--snapshot", H100_SNAPSHOT.toString());
    await(() -> label("#gpu-memory-origin").startsWith("Opened torch-snapshot-churn100.pickle"));
    assertThat(label("#gpu-memory-origin")).contains("10 segments").contains("6,838 trace entries");
    close();
    Path bad = home.resolve("bad.pickle");
    Files.writeString(bad, "{\"segments\": []}");
    open("--demo-seed", "5", "--snapshot", bad.toString());
    await(() -> !label("#gpu-memory-error").isEmpty());
    assertThat(label("#gpu-memory-error"))
        .endsWith(
            "bad.pickle: not a pickle (PyTorch writes snapshots with pickle protocol 2 or later)");
  }
}
