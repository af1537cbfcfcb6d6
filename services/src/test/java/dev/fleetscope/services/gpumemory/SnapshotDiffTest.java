package dev.fleetscope.services.gpumemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {
  private static final long MIB = 1L << 20;

  private static SnapshotSegment segment(long base, long... blocks) {
    List<SnapshotBlock> out = new java.util.ArrayList<>();
    long at = base;
    long total = 0;
    for (long b : blocks) {
      long size = Math.abs(b);
      out.add(
          new SnapshotBlock(
              at,
              size,
              b > 0 ? size : 0,
              b > 0 ? BlockState.ACTIVE_ALLOCATED : BlockState.INACTIVE,
              List.of()));
      at += size;
      total += size;
    }
    return new SnapshotSegment(0, base, total, 0, total == 2 * MIB ? "small" : "large", false, out);
  }

  private static AllocatorSnapshot snapshot(String name, SnapshotSegment... s) {
    return new AllocatorSnapshot(name, "test", List.of(s), List.of(), Map.of());
  }

  @Test
  void segmentsMatchByShapeNotByAddress() {
    AllocatorSnapshot real =
        snapshot(
            "real",
            segment(0x7f00_0000_0000L, 5 * MIB, -15 * MIB),
            segment(0x7f10_0000_0000L, MIB, -MIB));
    AllocatorSnapshot model =
        snapshot("model", segment(2 * MIB, MIB, -MIB), segment(64 * MIB, 5 * MIB, -15 * MIB));
    SnapshotDiff d = SnapshotDiff.of(real, model);
    assertThat(d.sameLayout()).isTrue();
    assertThat(d.matching()).isEqualTo(2);
    assertThat(d.a().reserved()).isEqualTo(d.b().reserved());
  }

  @Test
  void aDifferentSplitIsNamedOnEachSide() {
    AllocatorSnapshot a =
        snapshot("a", segment(0, 5 * MIB, -15 * MIB), segment(20 * MIB, MIB, -MIB));
    AllocatorSnapshot b =
        snapshot("b", segment(0, 5 * MIB, 3 * MIB, -12 * MIB), segment(20 * MIB, MIB, -MIB));
    SnapshotDiff d = SnapshotDiff.of(a, b);
    assertThat(d.sameLayout()).isFalse();
    assertThat(d.matching()).isEqualTo(1);
    assertThat(d.onlyInA())
        .containsExactly("large segment of 20.00 MiB, 2 blocks, 5.00 MiB active");
    assertThat(d.onlyInB())
        .containsExactly("large segment of 20.00 MiB, 3 blocks, 8.00 MiB active");
    // The map marks them by index: the first segment on each side.
    assertThat(d.unmatchedA()).containsExactly(0);
    assertThat(d.unmatchedB()).containsExactly(0);
  }
}
