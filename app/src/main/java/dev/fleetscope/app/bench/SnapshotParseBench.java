package dev.fleetscope.app.bench;

import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.adapter.TorchSnapshotReader;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code fleetscope bench snapshot-parse --snapshot FILE}: reads a PyTorch memory snapshot with the
 * console's reader (streamed, compact graph, model built) 3 times, with the peak heap of each read;
 * baseline in the same run: razorvine's own {@code Unpickler} on the same file (the graph only, no
 * model), as the reader did before. {@code bench/make-big-snapshot.py} writes a test file.
 */
final class SnapshotParseBench {
  private SnapshotParseBench() {}

  static int run(CommandLine cli) throws Exception {
    if (cli.snapshot().isEmpty()) {
      System.err.println(
          "snapshot-parse needs --snapshot FILE (bench/make-big-snapshot.py OUT.pickle 200 writes one)");
      return 2;
    }
    Path file = cli.snapshot().get();
    long size = Files.size(file);
    double[] ms = new double[3];
    long[] peak = new long[3];
    AllocatorSnapshot s = null;
    for (int i = 0; i < ms.length; i++) {
      s = null;
      System.gc();
      resetPeaks();
      long t0 = System.nanoTime();
      s = new TorchSnapshotReader(Long.MAX_VALUE).read(file);
      ms[i] = (System.nanoTime() - t0) / 1e6;
      peak[i] = peakHeap();
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %,d bytes, %d segments, %,d blocks, %,d trace entries%n",
        file.getFileName(),
        size,
        s.segments().size(),
        s.segments().stream().mapToLong(x -> x.blocks().size()).sum(),
        s.traces().size());
    s = null;
    System.gc();
    resetPeaks();
    long t0 = System.nanoTime();
    Object graph;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      graph = new net.razorvine.pickle.Unpickler().load(in);
    }
    double baseline = (System.nanoTime() - t0) / 1e6;
    long baselinePeak = peakHeap();
    System.out.printf(
        Locale.ROOT,
        "reader: %s ms, peak heap %s MB (%.2fx the file)%n",
        Arrays.toString(Arrays.stream(ms).map(Math::rint).toArray()),
        Arrays.toString(Arrays.stream(peak).map(p -> p >> 20).toArray()),
        Arrays.stream(peak).max().orElse(0) / (double) size);
    System.out.printf(
        Locale.ROOT,
        "razorvine Unpickler, graph only: %.0f ms, peak heap %d MB (%.2fx the file) %s%n",
        baseline,
        baselinePeak >> 20,
        baselinePeak / (double) size,
        graph == null ? "" : "");
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.println(
        Benchmarks.result("snapshot-parse", sorted[1], "ms")
            + Benchmarks.ratio(sorted[1], baseline));
    return 0;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks since the last reset (an upper bound of the live peak). */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
