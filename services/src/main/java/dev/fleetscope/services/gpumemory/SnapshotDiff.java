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
    List<String> onlyInB,
    List<Integer> unmatchedA,
    List<Integer> unmatchedB) {

  /**
   * {@code onlyInA} / {@code onlyInB} describe the segments with no same-shaped segment on the
   * other side; {@code unmatchedA} / {@code unmatchedB} are their indices in each snapshot's
   * segment list, in the same order.
   */
  public SnapshotDiff {
    onlyInA = List.copyOf(onlyInA);
    onlyInB = List.copyOf(onlyInB);
    unmatchedA = List.copyOf(unmatchedA);
    unmatchedB = List.copyOf(unmatchedB);
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
    List<Integer> indexA = new ArrayList<>();
    int matching = 0;
    for (int i = 0; i < a.segments().size(); i++) {
      SnapshotSegment s = a.segments().get(i);
      String key = shape(s);
      Integer n = inB.get(key);
      if (n != null && n > 0) {
        inB.put(key, n - 1);
        matching++;
      } else {
        onlyA.add(describe(s));
        indexA.add(i);
      }
    }
    // What is left in inB has no partner in a; which ones of a shape is immaterial.
    List<String> onlyB = new ArrayList<>();
    List<Integer> indexB = new ArrayList<>();
    for (int i = 0; i < b.segments().size(); i++) {
      SnapshotSegment s = b.segments().get(i);
      String key = shape(s);
      Integer n = inB.get(key);
      if (n != null && n > 0) {
        inB.put(key, n - 1);
        onlyB.add(describe(s));
        indexB.add(i);
      }
    }
    return new SnapshotDiff(
        a.source(),
        b.source(),
        Fragmentation.of(a),
        Fragmentation.of(b),
        matching,
        onlyA,
        onlyB,
        indexA,
        indexB);
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
