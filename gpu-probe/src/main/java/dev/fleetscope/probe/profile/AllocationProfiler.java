package dev.fleetscope.probe.profile;

import dev.fleetscope.probe.AllocatorKind;
import dev.fleetscope.probe.DeviceSession;
import dev.fleetscope.probe.ProbeRefusedException;
import dev.fleetscope.probe.Progress;
import dev.fleetscope.probe.workload.Tensor;
import dev.fleetscope.probe.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Allocates a workload through a real allocator, event by event, and records every address, its
 * alignment, waste and gap, and the latency of each call. It refuses a workload that would not fit
 * in free memory minus a margin, before allocating anything, and frees all it allocated however it
 * ends (done, failed, cancelled).
 */
public final class AllocationProfiler {
  /** Alignments at or above this are counted together. */
  public static final long ALIGNMENT_CAP = 2L << 20;

  private static final long INFER_LIMIT = 2L << 20;

  private final long marginBytes;

  /**
   * @param marginBytes free memory the probe leaves untouched
   */
  public AllocationProfiler(long marginBytes) {
    this.marginBytes = marginBytes;
  }

  /** The default margin: 1 GiB or 5% of the device, whichever is larger. */
  public static long defaultMargin(long totalBytes) {
    return Math.max(1L << 30, totalBytes / 20);
  }

  /**
   * The most device memory the workload can need through {@code kind}: its peak of live tensors,
   * each rounded up to 2 MiB (the coarsest rounding of the measured allocators).
   */
  public static long worstCaseBytes(Workload w) {
    List<Tensor> tensors = w.tensors();
    long live = 0;
    long peak = 0;
    for (int e : w.eventsView()) {
      long b = roundUp(tensors.get(e >= 0 ? e : ~e).bytes(), INFER_LIMIT);
      live += e >= 0 ? b : -b;
      peak = Math.max(peak, live);
    }
    return peak;
  }

  public AllocationProfile run(
      DeviceSession session, Workload w, AllocatorKind kind, Progress progress) {
    if (!kind.measured()) {
      throw new IllegalArgumentException("the model is not measured: use CachingAllocatorModel");
    }
    long need = worstCaseBytes(w);
    long free = kind == AllocatorKind.PINNED ? HostMemory.availableBytes() : session.freeBytes();
    String where = kind == AllocatorKind.PINNED ? "host memory" : "device memory";
    if (free >= 0 && need > free - marginBytes) {
      throw new ProbeRefusedException(
          String.format(
              "refused: workload \"%s\" may need up to %s of %s through %s, but only %s is free"
                  + " and the probe leaves a margin of %s; nothing was allocated",
              w.name(),
              Bytes.format(need),
              where,
              kind.label(),
              Bytes.format(free),
              Bytes.format(marginBytes)));
    }
    List<Tensor> tensors = w.tensors();
    int n = tensors.size();
    long[] address = new long[n];
    long[] allocNs = new long[n];
    long[] freeNs = new long[n];
    long[] waste = new long[n];
    boolean[] exact = new boolean[n];
    long[] gap = new long[n];
    boolean[] live = new boolean[n];
    java.util.Arrays.fill(waste, -1);
    TreeMap<Long, Integer> byAddress = new TreeMap<>();
    long[] allocTimes = new long[n];
    long[] freeTimes = new long[n];
    int allocCount = 0;
    int freeCount = 0;
    long prevEnd = Long.MIN_VALUE;
    int[] events = w.eventsView();
    long wall0 = System.nanoTime();
    try {
      for (int i = 0; i < events.length; i++) {
        if ((i & 63) == 0) {
          progress.check();
          progress.update("allocating through " + kind.label(), i, events.length);
        }
        int e = events[i];
        if (e >= 0) {
          long bytes = tensors.get(e).bytes();
          long t0 = System.nanoTime();
          long a = session.allocate(kind, bytes);
          long dt = System.nanoTime() - t0;
          address[e] = a;
          allocNs[e] = dt;
          allocTimes[allocCount++] = dt;
          live[e] = true;
          gap[e] = prevEnd == Long.MIN_VALUE ? 0 : a - prevEnd;
          prevEnd = a + bytes;
          long reserved = session.reservedBytes(kind, a);
          if (reserved >= 0) {
            waste[e] = reserved - bytes;
            exact[e] = true;
          }
          inferNeighbours(e, a, bytes, byAddress, address, tensors, waste, exact);
          byAddress.put(a, e);
        } else {
          int t = ~e;
          long t0 = System.nanoTime();
          session.free(kind, address[t]);
          long dt = System.nanoTime() - t0;
          freeNs[t] = dt;
          freeTimes[freeCount++] = dt;
          live[t] = false;
          byAddress.remove(address[t]);
        }
      }
      // Tensors the workload never frees live to its end; the probe frees them now.
      for (int t = 0; t < n; t++) {
        if (live[t]) {
          long t0 = System.nanoTime();
          session.free(kind, address[t]);
          long dt = System.nanoTime() - t0;
          freeNs[t] = dt;
          freeTimes[freeCount++] = dt;
          live[t] = false;
        }
      }
    } finally {
      for (int t = 0; t < n; t++) {
        if (live[t]) {
          try {
            session.free(kind, address[t]);
          } catch (RuntimeException ignored) {
            // close() frees whatever is left; keep freeing the others
          }
        }
      }
    }
    long wall = System.nanoTime() - wall0;
    progress.update("allocating through " + kind.label(), events.length, events.length);
    List<TensorAllocation> rows = new ArrayList<>(n);
    Map<Long, Integer> histogram = new TreeMap<>();
    long knownWaste = 0;
    int unknown = 0;
    for (int t = 0; t < n; t++) {
      Tensor tensor = tensors.get(t);
      long alignment = address[t] == 0 ? 0 : Long.lowestOneBit(address[t]);
      histogram.merge(Math.min(alignment, ALIGNMENT_CAP), 1, Integer::sum);
      if (waste[t] >= 0) {
        knownWaste += waste[t];
      } else {
        unknown++;
      }
      rows.add(
          new TensorAllocation(
              tensor.name(),
              tensor.dtype().label(),
              tensor.shapeText(),
              tensor.bytes(),
              address[t],
              alignment,
              waste[t],
              exact[t],
              gap[t],
              allocNs[t],
              freeNs[t]));
    }
    return new AllocationProfile(
        kind.label(),
        true,
        session.device().index(),
        rows,
        Percentiles.of(allocTimes, allocCount),
        Percentiles.of(freeTimes, freeCount),
        histogram,
        knownWaste,
        unknown,
        wall);
  }

  /** Waste inferred from the nearest live allocations below and above a new one. */
  private static void inferNeighbours(
      int e,
      long a,
      long bytes,
      TreeMap<Long, Integer> byAddress,
      long[] address,
      List<Tensor> tensors,
      long[] waste,
      boolean[] exact) {
    Map.Entry<Long, Integer> below = byAddress.floorEntry(a);
    if (below != null && !exact[below.getValue()]) {
      int p = below.getValue();
      long g = a - (address[p] + tensors.get(p).bytes());
      if (g >= 0 && g < INFER_LIMIT && (waste[p] < 0 || g < waste[p])) {
        waste[p] = g;
      }
    }
    Map.Entry<Long, Integer> above = byAddress.ceilingEntry(a + 1);
    if (above != null && !exact[e]) {
      long g = above.getKey() - (a + bytes);
      if (g >= 0 && g < INFER_LIMIT) {
        waste[e] = g;
      }
    }
  }

  static long roundUp(long v, long m) {
    return (v + m - 1) / m * m;
  }
}
