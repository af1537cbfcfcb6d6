package dev.fleetscope.probe.profile;

import dev.fleetscope.probe.CopyKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Which copies to time: every kind, at every size, at every (source offset, destination offset)
 * pair. The default measures 4 KiB to 1 GiB in steps of 4x, offsets 0, 4, 64, 256 and 4096 bytes
 * applied to the source alone and to the destination alone.
 */
public record TransferPlan(
    List<CopyKind> kinds, List<Long> sizes, List<long[]> offsetPairs, long targetBytesPerPoint) {

  public static final long[] OFFSETS = {0, 4, 64, 256, 4096};

  public TransferPlan {
    kinds = List.copyOf(kinds);
    sizes = List.copyOf(sizes);
    offsetPairs = List.copyOf(offsetPairs);
  }

  public static TransferPlan standard() {
    return new TransferPlan(
        List.of(CopyKind.values()), sizes(4L << 10, 1L << 30), pairs(OFFSETS), 512L << 20);
  }

  /** Sizes from {@code min} to {@code max}, each 4 times the last. */
  public static List<Long> sizes(long min, long max) {
    List<Long> out = new ArrayList<>();
    for (long s = min; s <= max; s *= 4) {
      out.add(s);
    }
    return out;
  }

  /** (0, 0), then each non-zero offset on the source alone and on the destination alone. */
  public static List<long[]> pairs(long[] offsets) {
    List<long[]> out = new ArrayList<>();
    out.add(new long[] {0, 0});
    for (long o : offsets) {
      if (o != 0) {
        out.add(new long[] {o, 0});
        out.add(new long[] {0, o});
      }
    }
    return out;
  }

  public long maxSize() {
    return sizes.stream().mapToLong(Long::longValue).max().orElse(0);
  }

  public long maxOffset() {
    long m = 0;
    for (long[] p : offsetPairs) {
      m = Math.max(m, Math.max(p[0], p[1]));
    }
    return m;
  }

  public int points() {
    return kinds.size() * sizes.size() * offsetPairs.size();
  }

  /** Copies per point: enough to move {@code targetBytesPerPoint}, at least 3, at most 200. */
  public int repeats(long size) {
    return (int) Math.max(3, Math.min(200, targetBytesPerPoint / size));
  }
}
