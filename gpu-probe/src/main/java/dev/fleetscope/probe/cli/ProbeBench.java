package dev.fleetscope.probe.cli;

import dev.fleetscope.probe.AllocatorKind;
import dev.fleetscope.probe.CopyKind;
import dev.fleetscope.probe.DeviceSession;
import dev.fleetscope.probe.GpuProbe;
import dev.fleetscope.probe.allocator.AllocatorConfig;
import dev.fleetscope.probe.allocator.CachingAllocatorModel;
import dev.fleetscope.probe.profile.Percentiles;
import dev.fleetscope.probe.workload.Workload;
import dev.fleetscope.probe.workload.WorkloadPresets;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code gpu-probe --bench gpu|model}: the figures docs/benchmarks.md compares, printed as one JSON
 * object per line. The GPU part measures exactly what gpu-probe/bench/reference.cu measures in C
 * (pinned 256 MiB copies, cudaMalloc/cudaFree latency), through the probe's own session code.
 */
final class ProbeBench {
  static final long COPY_BYTES = 256L << 20;
  static final int COPIES = 20;
  static final int ALLOC_ITERATIONS = 500;
  static final long[] ALLOC_SIZES = {2L << 20, 64L << 20};

  private ProbeBench() {}

  /**
   * Same order and state as reference.cu: the copies, then their buffers freed, then cudaMalloc
   * latency with nothing else allocated, then the driver API's cuMemAlloc.
   */
  static void gpu(GpuProbe probe, int device, PrintStream out) {
    copies(probe, device, out);
    mallocLatency(probe, device, out);
    if (probe instanceof dev.fleetscope.probe.jcuda.JCudaProbe) {
      // Diagnostic: the driver API's cuMemAlloc in this JVM, to tell the runtime's share of
      // cudaMalloc's cost from the process's (docs/benchmarks.md).
      dev.fleetscope.probe.jcuda.DriverAllocBench.run(device, ALLOC_SIZES, ALLOC_ITERATIONS, out);
    }
  }

  private static void copies(GpuProbe probe, int device, PrintStream out) {
    try (DeviceSession s = probe.open(device)) {
      s.prepareTransfers(COPY_BYTES, 0);
      for (CopyKind kind : new CopyKind[] {CopyKind.H2D_PINNED, CopyKind.D2H_PINNED}) {
        long[] t = new long[COPIES];
        for (int i = 0; i < 3; i++) {
          s.copy(kind, COPY_BYTES, 0, 0);
        }
        for (int i = 0; i < COPIES; i++) {
          t[i] = s.copy(kind, COPY_BYTES, 0, 0);
        }
        Percentiles p = Percentiles.of(t, COPIES);
        double gbps = (double) COPY_BYTES / p.median();
        double link = s.device().link() == null ? 0 : s.device().link().theoreticalGBps();
        out.printf(
            Locale.ROOT,
            "{\"impl\":\"jcuda\",\"test\":\"%s_256MiB\",\"median_gbps\":%.3f,\"percent_of_link\":%.1f}%n",
            kind.direction().toLowerCase(Locale.ROOT) + "_pinned",
            gbps,
            link > 0 ? 100 * gbps / link : -1);
      }
    }
  }

  private static void mallocLatency(GpuProbe probe, int device, PrintStream out) {
    try (DeviceSession s = probe.open(device)) {
      for (long size : ALLOC_SIZES) {
        long[] alloc = new long[ALLOC_ITERATIONS];
        long[] free = new long[ALLOC_ITERATIONS];
        for (int i = 0; i < 20; i++) {
          s.free(AllocatorKind.CUDA_MALLOC, s.allocate(AllocatorKind.CUDA_MALLOC, size));
        }
        for (int i = 0; i < ALLOC_ITERATIONS; i++) {
          long t0 = System.nanoTime();
          long a = s.allocate(AllocatorKind.CUDA_MALLOC, size);
          long t1 = System.nanoTime();
          s.free(AllocatorKind.CUDA_MALLOC, a);
          long t2 = System.nanoTime();
          alloc[i] = t1 - t0;
          free[i] = t2 - t1;
        }
        out.printf(
            Locale.ROOT,
            "{\"impl\":\"jcuda\",\"test\":\"cudaMalloc_%dMiB\",\"median_us\":%.2f,\"p10_us\":%.2f}%n"
                + "{\"impl\":\"jcuda\",\"test\":\"cudaFree_%dMiB\",\"median_us\":%.2f,\"p10_us\":%.2f}%n",
            size >> 20,
            Percentiles.of(alloc, ALLOC_ITERATIONS).median() / 1000.0,
            Percentiles.quantile(alloc, 0.1) / 1000.0,
            size >> 20,
            Percentiles.of(free, ALLOC_ITERATIONS).median() / 1000.0,
            Percentiles.quantile(free, 0.1) / 1000.0);
      }
    }
  }

  static void model(PrintStream out) {
    String[] presets = {
      "prefill-decode-churn:steps=5000", "llama3-70b-tp8", "kv-cache:blocks=65536"
    };
    for (String preset : presets) {
      Workload w = WorkloadPresets.named(preset);
      for (AllocatorConfig c :
          new AllocatorConfig[] {
            AllocatorConfig.DEFAULT, AllocatorConfig.DEFAULT.withExpandableSegments(true)
          }) {
        int runs = 9;
        long[] nanos = new long[runs];
        for (int i = 0; i < 3; i++) {
          CachingAllocatorModel.replay(w, c);
        }
        for (int i = 0; i < runs; i++) {
          nanos[i] = CachingAllocatorModel.replay(w, c).stats().replayNanos();
        }
        long median = Percentiles.of(nanos, runs).median();
        out.printf(
            Locale.ROOT,
            "{\"impl\":\"model\",\"test\":\"replay %s%s\",\"events\":%d,\"median_ms\":%.3f,"
                + "\"events_per_s\":%.0f}%n",
            preset,
            c.expandableSegments() ? " expandable" : "",
            w.eventCount(),
            median / 1e6,
            w.eventCount() * 1e9 / median);
      }
    }
  }
}
