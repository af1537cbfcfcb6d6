package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.BlockState;
import dev.fleetscope.services.gpumemory.SnapshotBlock;
import dev.fleetscope.services.gpumemory.SnapshotSegment;
import dev.fleetscope.views.gpumemory.SegmentMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * What the segment map puts on screen, read back pixel by pixel: a segment of many narrow blocks
 * (drawn as one stretched row of pixels) and one of a few wide blocks (drawn as fills) both show
 * each block's state where its addresses fall, rounding waste included, before and after zooming.
 */
class SegmentMapPixelsTest {
  static final long KIB = 1024;
  static final int GROUPS = 200;
  static final int PER_GROUP = 10;
  Stage stage;
  SegmentMap map;

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @BeforeEach
  void open() throws Exception {
    map =
        onFx(
            () -> {
              SegmentMap m = new SegmentMap();
              stage = new Stage();
              stage.setScene(new Scene(m, 900, 200));
              stage.show();
              m.setSnapshot(snapshot());
              return m;
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

  /**
   * Segment 0: 2,000 blocks of 1 KiB in groups of ten, allocated and free in turn (well under a
   * pixel each). Segment 1: 40 KiB requested in a 48 KiB block, then 48 KiB free.
   */
  static AllocatorSnapshot snapshot() {
    List<SnapshotBlock> narrow = new ArrayList<>();
    long base = 0x7f0000000000L;
    for (int i = 0; i < GROUPS * PER_GROUP; i++) {
      boolean allocated = i / PER_GROUP % 2 == 0;
      narrow.add(
          new SnapshotBlock(
              base + i * KIB,
              KIB,
              allocated ? KIB : 0,
              allocated ? BlockState.ACTIVE_ALLOCATED : BlockState.INACTIVE,
              List.of()));
    }
    long wideBase = base + (4L << 20);
    List<SnapshotBlock> wide =
        List.of(
            new SnapshotBlock(wideBase, 48 * KIB, 40 * KIB, BlockState.ACTIVE_ALLOCATED, List.of()),
            new SnapshotBlock(wideBase + 48 * KIB, 48 * KIB, 0, BlockState.INACTIVE, List.of()));
    return new AllocatorSnapshot(
        "test",
        "synthetic",
        List.of(
            new SnapshotSegment(0, base, GROUPS * PER_GROUP * KIB, 0, "large", false, narrow),
            new SnapshotSegment(0, wideBase, 96 * KIB, 0, "large", false, wide)),
        List.of(),
        Map.of());
  }

  @Test
  void everyGroupOfNarrowBlocksShowsItsStateWhereItsAddressesFall() throws Exception {
    PixelReader px = picture();
    int[] strip = strip(px, 9);
    double group = (strip[1] - strip[0]) / (double) GROUPS;
    assertThat(group).as("a group of ten blocks is several pixels wide").isGreaterThan(3);
    assertThat(PER_GROUP / group).as("blocks per pixel").isGreaterThan(1);
    for (int k = 0; k < GROUPS; k++) {
      assertGroup(px, strip[0] + k * group, group, k % 2 == 0);
    }

    // Zoomed in 8x at the left edge: 25 groups fill the strip, drawn as fills now, each block
    // over 3 pixels wide and so with a light edge at its start.
    onFx(
        () -> {
          map.zoomAt(8, 0);
          return null;
        });
    px = picture();
    double wide = (strip[1] - strip[0]) / (GROUPS / 8.0);
    for (int k = 0; k < GROUPS / 8; k++) {
      assertGroup(px, strip[0] + k * wide, wide, k % 2 == 0);
    }
  }

  @Test
  void roundingWasteIsMarkedAtTheEndOfItsBlock() throws Exception {
    PixelReader px = picture();
    int y = 9 + 23;
    int[] strip = strip(px, y);
    double w = strip[1] - strip[0];
    assertThat(allocated(px.getColor((int) (strip[0] + w * 0.2), y))).isTrue();
    // Bytes 40-48 KiB of 96: the block's rounding waste.
    Color waste = px.getColor((int) (strip[0] + w * 46 / 96), y);
    assertThat(waste.getBlue()).isGreaterThan(waste.getRed() + 0.2);
    assertThat(waste.getBrightness()).isLessThan(Color.web("#3b82f6").getBrightness() - 0.2);
    assertThat(free(px.getColor((int) (strip[0] + w * 0.75), y))).isTrue();
  }

  /**
   * The pixel columns wholly inside one group show its state and never the other one (a column the
   * group shares with its neighbour takes the state of the first block in it); block edges, a
   * lighter shade, count as neither.
   */
  private static void assertGroup(PixelReader px, double from, double width, boolean alloc) {
    int right = 0;
    int wrong = 0;
    for (int x = (int) Math.ceil(from + 0.1); x < (int) Math.floor(from + width - 0.1); x++) {
      Color c = px.getColor(x, 9);
      right += (alloc ? allocated(c) : free(c)) ? 1 : 0;
      wrong += (alloc ? free(c) : allocated(c)) ? 1 : 0;
    }
    assertThat(wrong).as("columns of the other state in the group at x %.1f", from).isZero();
    assertThat(right).as("columns of its state in the group at x %.1f", from).isPositive();
  }

  private PixelReader picture() throws Exception {
    return onFx(() -> map.snapshot(null, null)).getPixelReader();
  }

  /** First and last column, right of the labels (which end before x 78), not background. */
  private static int[] strip(PixelReader px, int y) {
    int first = -1;
    int last = -1;
    Color background = px.getColor(78, y);
    for (int x = 80; x < 900; x++) {
      Color c = px.getColor(x, y);
      if (Math.abs(c.getRed() - background.getRed())
              + Math.abs(c.getGreen() - background.getGreen())
              + Math.abs(c.getBlue() - background.getBlue())
          > 0.05) {
        first = first < 0 ? x : first;
        last = x;
      }
    }
    assertThat(first).as("the strip is drawn").isPositive();
    return new int[] {first, last + 1};
  }

  private static boolean allocated(Color c) {
    Color want = Color.web("#3b82f6");
    return Math.abs(c.getRed() - want.getRed()) < 0.08
        && Math.abs(c.getGreen() - want.getGreen()) < 0.08
        && Math.abs(c.getBlue() - want.getBlue()) < 0.08;
  }

  /** Translucent grey over the light background: light, and no channel far from the others. */
  private static boolean free(Color c) {
    return c.getRed() > 0.7
        && c.getRed() < 0.97
        && Math.abs(c.getBlue() - c.getRed()) < 0.1
        && Math.abs(c.getGreen() - c.getRed()) < 0.1;
  }
}
