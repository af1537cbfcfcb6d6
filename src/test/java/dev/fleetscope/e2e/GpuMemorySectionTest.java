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
    window.showSubView("allocator");
    return onFx(() -> (GpuMemoryView) window.view());
  }

  /** Fires the button (or toggle) with this id on the FX thread. */
  private static void fire(String id) throws Exception {
    onFx(
        () -> {
          new org.testfx.api.FxRobot()
              .lookup(id)
              .queryAs(javafx.scene.control.ButtonBase.class)
              .fire();
          return null;
        });
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
    hover(canvas, x, y);
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
    // Back in history: fewer segments existed, and the line says which event comes next.
    javafx.scene.control.Slider slider =
        onFx(
            () ->
                new org.testfx.api.FxRobot()
                    .lookup("#gpu-memory-timeline")
                    .queryAs(javafx.scene.control.Slider.class));
    assertThat(onFx(slider::getMax)).isEqualTo(6838.0);
    onFx(
        () -> {
          slider.setValue(3000);
          return null;
        });
    assertThat(label("#gpu-memory-moment")).startsWith("After 3,000 of 6,838 events; next: ");
    assertThat(label("#gpu-memory-totals")).startsWith("reserved ");
    // The model replays the recorded history and ends in the very same layout.
    fire("#gpu-memory-compare-model");
    await(() -> !label("#gpu-memory-verdict").isEmpty());
    assertThat(label("#gpu-memory-verdict"))
        .isEqualTo("Same layout: all 10 segments match in size, blocks and states.");
    // Flip the map to the model's layout and back.
    fire("#gpu-memory-flip");
    assertThat(label("#gpu-memory-moment"))
        .startsWith("Showing the other side of the comparison: ");
    fire("#gpu-memory-flip");
    assertThat(label("#gpu-memory-moment")).isEmpty();
    close();
    Path bad = home.resolve("bad.pickle");
    Files.writeString(bad, "segments: none");
    open("--demo-seed", "5", "--snapshot", bad.toString());
    await(() -> !label("#gpu-memory-error").isEmpty());
    assertThat(label("#gpu-memory-error"))
        .endsWith(
            "bad.pickle: not a pickle (PyTorch writes snapshots with pickle protocol 2 or later)");
  }

  @Test
  void anOutOfMemoryInTheHistoryHasAButtonThatShowsTheStateThere() throws Exception {
    Path snapshot = home.resolve("oom.pickle");
    String script =
        String.join(
            "\n",
            "import pickle, sys",
            "base = 0x7f0000000000",
            "frames = [{'name': 'forward', 'filename': 'model.py', 'line': 7}]",
            "seg = {'device': 0, 'address': base, 'total_size': 20971520, 'stream': 0,",
            "       'segment_type': 'large', 'blocks': [",
            "  {'address': base, 'size': 20971520, 'requested_size': 0, 'state': 'inactive', 'frames': []}]}",
            "traces = [[",
            "  {'action': 'segment_alloc', 'addr': base, 'size': 20971520, 'stream': 0, 'time_us': 1000, 'frames': frames},",
            "  {'action': 'alloc', 'addr': base, 'size': 12000000, 'stream': 0, 'time_us': 1001, 'frames': frames},",
            "  {'action': 'oom', 'addr': 0, 'size': 85899345920, 'stream': 0, 'time_us': 1500, 'frames': frames},",
            "  {'action': 'free_requested', 'addr': base, 'size': 12000000, 'stream': 0, 'time_us': 1600, 'frames': frames},",
            "  {'action': 'free_completed', 'addr': base, 'size': 12000000, 'stream': 0, 'time_us': 1601, 'frames': frames}]]",
            "pickle.dump({'segments': [seg], 'device_traces': traces, 'allocator_settings': {}},",
            "            open(sys.argv[1], 'wb'), protocol=4)");
    CiRequirements.require(CiRequirements.onPath("python3"), "python3");
    Process p =
        new ProcessBuilder("python3", "-c", script, snapshot.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();

    open("--demo-seed", "5", "--snapshot", snapshot.toString());
    await(() -> label("#gpu-memory-origin").startsWith("Opened oom.pickle"));
    javafx.scene.control.Button oom =
        onFx(
            () ->
                new org.testfx.api.FxRobot()
                    .lookup(
                        (Node n) ->
                            n instanceof javafx.scene.control.Button b
                                && b.getText().equals("OOM at event 2"))
                    .queryButton());
    onFx(
        () -> {
          oom.fire();
          return null;
        });
    assertThat(label("#gpu-memory-moment"))
        .contains("next: oom 80.00 GiB")
        .endsWith("← OUT OF MEMORY");
    // At the OOM, the 12 MB tensor was still held.
    assertThat(label("#gpu-memory-totals")).startsWith("reserved 20.00 MiB · allocated 11.44 MiB");
  }

  @Test
  void aProbeResultShowsTheModelledLayout() throws Exception {
    GpuMemoryView view =
        open(
            "--demo-seed",
            "5",
            "--snapshot",
            "docs/benchmarks-data/h100-2026-11-24/llama3-8b.json");
    await(() -> label("#gpu-memory-origin").startsWith("Opened llama3-8b.json"));
    assertThat(label("#gpu-memory-origin")).contains("195 segments");
    assertThat(label("#gpu-memory-totals")).startsWith("reserved 15.08 GiB · allocated 14.96 GiB");

    // Compared with a real snapshot of another workload, the layouts differ: segments found only
    // in the one on screen are marked left of their rows, and hovering one says so.
    onFx(
        () -> {
          view.compareWith(H100_SNAPSHOT);
          return null;
        });
    await(() -> label("#gpu-memory-verdict").startsWith("Layouts differ"));
    SegmentMap map = view.map();
    int marked =
        onFx(() -> (int) java.util.stream.IntStream.range(0, 195).filter(map::isMarked).count());
    assertThat(marked).isPositive();
    int row =
        onFx(
            () ->
                java.util.stream.IntStream.range(0, 195).filter(map::isMarked).min().orElseThrow());
    onFx(
        () -> {
          map.scrollRowsBy(row);
          return null;
        });
    Node canvas = onFx(() -> map.getChildrenUnmodifiable().get(0));
    javafx.scene.image.Image picture = onFx(() -> canvas.snapshot(null, null));
    javafx.scene.paint.Color mark = picture.getPixelReader().getColor(81, 9);
    assertThat(mark.getRed()).as("the mark's colour %s", mark).isGreaterThan(0.8);
    assertThat(mark.getBlue()).as("the mark's colour %s", mark).isLessThan(0.2);
    javafx.geometry.Point2D at = onFx(() -> canvas.localToScene(200, 9));
    hover(canvas, at.getX(), at.getY());
    assertThat(label("#gpu-memory-hover"))
        .contains("% internal) · no segment of this shape in the other layout\n");
    fire("#gpu-memory-flip");
    assertThat(
            onFx(() -> (int) java.util.stream.IntStream.range(0, 10).filter(map::isMarked).count()))
        .as("the other side's own unmatched segments")
        .isPositive();
  }

  @Test
  void theFleetGridShowsEveryDemoGpuAndItsPod() throws Exception {
    window = SectionWindow.openConnected(home, "gpu-memory", "--demo-seed", "5");
    GpuMemoryView view = onFx(() -> (GpuMemoryView) window.view());
    dev.fleetscope.views.gpumemory.GpuGrid grid = view.grid();
    java.util.List<dev.fleetscope.services.demo.ClusterCensus> census =
        window.services().demo().orElseThrow().simulator().census();
    int nodes = census.stream().mapToInt(dev.fleetscope.services.demo.ClusterCensus::nodes).sum();
    await(() -> onFx(grid::rowCount) == nodes);
    assertThat(label("#gpu-fleet-status"))
        .startsWith(
            census.stream().mapToInt(dev.fleetscope.services.demo.ClusterCensus::gpuCapacity).sum()
                + " GPUs from the demo fleet's exporter");
    // Hover the first GPU of the first node.
    javafx.scene.Node canvas = onFx(() -> grid.getChildrenUnmodifiable().get(0));
    javafx.geometry.Point2D at = onFx(() -> canvas.localToScene(245, 10));
    hover(canvas, at.getX(), at.getY());
    assertThat(label("#gpu-fleet-detail"))
        .matches("(?s)demo-[a-z-]+ / .+ GPU 0 \\(NVIDIA .*GiB used; utilization .*");
    // The demo leaves the first replica of each embedding deployment without traffic: its GPU is
    // held and quiet. With "idle now" it is listed as waste to reclaim.
    onFx(
        () -> {
          @SuppressWarnings("unchecked")
          javafx.scene.control.ComboBox<String> rule =
              new org.testfx.api.FxRobot()
                  .lookup("#gpu-fleet-idle-rule")
                  .queryAs(javafx.scene.control.ComboBox.class);
          rule.setValue("under 5% now");
          return null;
        });
    @SuppressWarnings("unchecked")
    dev.fleetscope.views.widgets.DataTable<dev.fleetscope.views.gpumemory.GpuFleetViewModel.IdleGpu>
        idle =
            (dev.fleetscope.views.widgets.DataTable<
                    dev.fleetscope.views.gpumemory.GpuFleetViewModel.IdleGpu>)
                new org.testfx.api.FxRobot().lookup("#gpu-fleet-idle").query();
    await(
        () ->
            onFx(idle::visibleRows).stream()
                .anyMatch(r -> r.gpu().pod().startsWith("bge-m3-embed")));
    assertThat(onFx(idle::visibleRows))
        .allSatisfy(
            r -> {
              assertThat(r.gpu().allocatedToPod()).isTrue();
              assertThat(r.gpu().utilPercent()).isLessThan(5);
            });
  }

  /** Moves the pointer over a point given in scene coordinates (events carry those). */
  private static void hover(Node canvas, double sceneX, double sceneY) throws Exception {
    onFx(
        () -> {
          Event.fireEvent(
              canvas,
              new MouseEvent(
                  MouseEvent.MOUSE_MOVED,
                  sceneX,
                  sceneY,
                  sceneX,
                  sceneY,
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
  }
}
