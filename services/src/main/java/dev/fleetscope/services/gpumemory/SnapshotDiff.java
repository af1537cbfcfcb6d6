package dev.fleetscope.services.gpumemory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two allocator layouts side by side: their fragmentation figures, and which segments match.
 * Segments are compared by shape (pool, size, and the sizes and states of their blocks in order),
 * not by address, so a real snapshot can be compared with the allocator model's replay of the same
 * history, whose addresses are synthetic.
 */
public record SnapshotDiff(
    String nameA,
    String nameB,
    Fragmentation a,
    Fragmentation b,
    int matching,
    List<String> onlyInA,
    List<String> onlyInB) {

  public SnapshotDiff {
    onlyInA = List.copyOf(onlyInA);
    onlyInB = List.copyOf(onlyInB);
  }

  /** Whether every segment of one has a same-shaped segment in the other. */
  public boolean sameLayout() {
    return onlyInA.isEmpty() && onlyInB.isEmpty();
  }

  public static SnapshotDiff of(AllocatorSnapshot a, AllocatorSnapshot b) {
    Map<String, Integer> inB = new HashMap<>();
    for (SnapshotSegment s : b.segments()) {
      inB.merge(shape(s), 1, Integer::sum);
    }
    List<String> onlyA = new ArrayList<>();
    int matching = 0;
    for (SnapshotSegment s : a.segments()) {
      String key = shape(s);
      Integer n = inB.get(key);
      if (n != null && n > 0) {
        inB.put(key, n - 1);
        matching++;
      } else {
        onlyA.add(describe(s));
      }
    }
    Map<String, Integer> leftover = new HashMap<>(inB);
    List<String> onlyB = new ArrayList<>();
    for (SnapshotSegment s : b.segments()) {
      String key = shape(s);
      Integer n = leftover.get(key);
      if (n != null && n > 0) {
        leftover.put(key, n - 1);
        onlyB.add(describe(s));
      }
    }
    return new SnapshotDiff(
        a.source(), b.source(), Fragmentation.of(a), Fragmentation.of(b), matching, onlyA, onlyB);
  }

  private static String shape(SnapshotSegment s) {
    StringBuilder k = new StringBuilder(s.segmentType()).append(':').append(s.totalSize());
    for (SnapshotBlock b : s.blocks()) {
      k.append(',').append(b.size()).append(b.state().active() ? 'a' : 'f');
    }
    return k.toString();
  }

  private static String describe(SnapshotSegment s) {
    long allocated =
        s.blocks().stream().filter(x -> x.state().active()).mapToLong(SnapshotBlock::size).sum();
    return String.format(
        java.util.Locale.ROOT,
        "%s segment of %.2f MiB, %d blocks, %.2f MiB active",
        s.segmentType(),
        s.totalSize() / 1048576.0,
        s.blocks().size(),
        allocated / 1048576.0);
  }
}
