package dev.fleetscope.views.probe;

import dev.fleetscope.probe.profile.AllocationProfile;
import dev.fleetscope.probe.profile.AllocationProfiler;
import dev.fleetscope.probe.profile.Bytes;
import dev.fleetscope.probe.profile.TensorAllocation;
import dev.fleetscope.probe.profile.TransferPoint;
import dev.fleetscope.probe.result.ProbeResult;
import dev.fleetscope.probe.result.ProbeResult.ModelTensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables and chart series of the GPU probe section, computed from a result without the toolkit:
 * one row per tensor with each allocator's address, alignment and waste; alignment histograms; the
 * tensors that waste most; bandwidth by size and by offset.
 */
public final class ProbeFigures {
  private ProbeFigures() {}

  /** What one allocator did with one tensor; waste -1 when unknown. */
  public record Placement(long address, long alignment, long waste) {}

  public record TensorRow(
      int index, String name, String dtype, String shape, long bytes, Map<String, Placement> by) {
    public Placement of(String allocator) {
      return by.get(allocator);
    }
  }

  /** One allocator's summary line; latencies in microseconds, -1 for the model. */
  public record AllocatorRow(
      String allocator,
      String kind,
      double allocMedianUs,
      double allocP99Us,
      double freeMedianUs,
      double freeP99Us,
      long waste,
      int unknownWaste) {}

  /** A point of a bandwidth series. */
  public record Point(long bytes, double gbps, double percentOfLink) {}

  public static List<TensorRow> tensors(ProbeResult r) {
    Map<String, TensorRow> rows = new LinkedHashMap<>();
    for (AllocationProfile a : r.allocations()) {
      for (TensorAllocation t : a.tensors()) {
        TensorRow row =
            rows.computeIfAbsent(
                t.name(),
                n ->
                    new TensorRow(
                        rows.size(), n, t.dtype(), t.shape(), t.bytes(), new LinkedHashMap<>()));
        row.by().put(a.allocator(), new Placement(t.address(), t.alignment(), t.roundingWaste()));
      }
    }
    if (r.model() != null) {
      for (ModelTensor t : r.model().tensors()) {
        TensorRow row =
            rows.computeIfAbsent(
                t.name(),
                n -> new TensorRow(rows.size(), n, "", "", t.bytes(), new LinkedHashMap<>()));
        row.by()
            .put(
                "model",
                t.address() < 0
                    ? new Placement(-1, 0, -1)
                    : new Placement(t.address(), t.alignment(), t.blockSize() - t.bytes()));
      }
    }
    return List.copyOf(rows.values());
  }

  public static List<AllocatorRow> allocators(ProbeResult r) {
    List<AllocatorRow> out = new ArrayList<>();
    for (AllocationProfile a : r.allocations()) {
      out.add(
          new AllocatorRow(
              a.allocator(),
              "measured",
              a.allocLatency().median() / 1e3,
              a.allocLatency().p99() / 1e3,
              a.freeLatency().median() / 1e3,
              a.freeLatency().p99() / 1e3,
              a.knownWaste(),
              a.unknownWaste()));
    }
    if (r.model() != null) {
      long waste = 0;
      for (ModelTensor t : r.model().tensors()) {
        if (t.address() >= 0) {
          waste += t.blockSize() - t.bytes();
        }
      }
      out.add(new AllocatorRow("model", "modelled", -1, -1, -1, -1, waste, 0));
    }
    return out;
  }

  /** Per allocator: alignment (a power of two, capped at 2 MiB) to the number of tensors. */
  public static Map<String, Map<Long, Integer>> alignments(ProbeResult r) {
    Map<String, Map<Long, Integer>> out = new LinkedHashMap<>();
    for (AllocationProfile a : r.allocations()) {
      out.put(a.allocator(), new TreeMap<>(a.alignmentHistogram()));
    }
    if (r.model() != null) {
      Map<Long, Integer> h = new TreeMap<>();
      for (ModelTensor t : r.model().tensors()) {
        if (t.address() > 0) {
          h.merge(Math.min(t.alignment(), AllocationProfiler.ALIGNMENT_CAP), 1, Integer::sum);
        }
      }
      out.put("model", h);
    }
    return out;
  }

  /** All alignment buckets that occur, smallest first, for a shared axis. */
  public static List<Long> alignmentBuckets(Map<String, Map<Long, Integer>> histograms) {
    TreeSet<Long> all = new TreeSet<>();
    histograms.values().forEach(h -> all.addAll(h.keySet()));
    return List.copyOf(all);
  }

  public static String alignmentLabel(long alignment) {
    return alignment >= AllocationProfiler.ALIGNMENT_CAP ? "≥ 2 MiB" : Bytes.format(alignment);
  }

  /** The {@code n} tensors with the most rounding waste under any allocator, most first. */
  public static List<TensorRow> mostWasteful(List<TensorRow> rows, int n) {
    return rows.stream()
        .filter(t -> maxWaste(t) > 0)
        .sorted(Comparator.comparingLong(ProbeFigures::maxWaste).reversed())
        .limit(n)
        .toList();
  }

  private static long maxWaste(TensorRow t) {
    return t.by().values().stream().mapToLong(Placement::waste).max().orElse(0);
  }

  /** Bandwidth by size for each direction/memory at offset 0, e.g. "H2D pinned". */
  public static Map<String, List<Point>> bandwidthBySize(ProbeResult r) {
    Map<String, List<Point>> out = new LinkedHashMap<>();
    if (r.transfers() == null) {
      return out;
    }
    for (TransferPoint p : r.transfers().points()) {
      if (p.srcOffset() == 0 && p.dstOffset() == 0) {
        out.computeIfAbsent(p.direction() + " " + p.memory(), k -> new ArrayList<>())
            .add(new Point(p.bytes(), p.gbps(), p.percentOfLink()));
      }
    }
    return out;
  }

  /** The transfer sizes measured. */
  public static List<Long> transferSizes(ProbeResult r) {
    if (r.transfers() == null) {
      return List.of();
    }
    return r.transfers().points().stream().map(TransferPoint::bytes).distinct().sorted().toList();
  }

  /**
   * For one size: each offset pair ("aligned", "src +4", "dst +4096", ...) to the GB/s of each
   * direction/memory.
   */
  public static Map<String, Map<String, Double>> bandwidthByOffset(ProbeResult r, long size) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    if (r.transfers() == null) {
      return out;
    }
    for (TransferPoint p : r.transfers().points()) {
      if (p.bytes() == size) {
        String offset =
            p.srcOffset() == 0 && p.dstOffset() == 0
                ? "aligned"
                : p.srcOffset() != 0 ? "src +" + p.srcOffset() : "dst +" + p.dstOffset();
        out.computeIfAbsent(offset, k -> new LinkedHashMap<>())
            .put(p.direction() + " " + p.memory(), p.gbps());
      }
    }
    return out;
  }
}
