package dev.fleetscope.probe.jcuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetscope.probe.AllocatorKind;
import dev.fleetscope.probe.CopyKind;
import dev.fleetscope.probe.DeviceSession;
import dev.fleetscope.probe.ProbeCancelledException;
import dev.fleetscope.probe.ProbeRefusedException;
import dev.fleetscope.probe.ProbeUnavailableException;
import dev.fleetscope.probe.Progress;
import dev.fleetscope.probe.device.DeviceInfo;
import dev.fleetscope.probe.profile.AllocationProfile;
import dev.fleetscope.probe.profile.AllocationProfiler;
import dev.fleetscope.probe.profile.TensorAllocation;
import dev.fleetscope.probe.profile.TransferPlan;
import dev.fleetscope.probe.profile.TransferPoint;
import dev.fleetscope.probe.profile.TransferProfile;
import dev.fleetscope.probe.profile.TransferProfiler;
import dev.fleetscope.probe.workload.DType;
import dev.fleetscope.probe.workload.Tensor;
import dev.fleetscope.probe.workload.Workload;
import dev.fleetscope.probe.workload.WorkloadPresets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The JCuda adapter on a real CUDA device. Where no driver or device is present (CI has none), each
 * test is skipped with the reason: the one skip the project allows.
 */
@Tag("gpu")
class JCudaProbeGpuTest {
  private static final long MIB = 1L << 20;
  private static String unavailable;
  private static DeviceInfo device;

  @BeforeAll
  static void findDevice() {
    try {
      device = new JCudaProbe().devices().get(0);
    } catch (ProbeUnavailableException e) {
      unavailable = e.getMessage();
    }
  }

  private static void requireGpu() {
    assumeTrue(unavailable == null, "GPU test skipped: " + unavailable);
  }

  /** A mixed workload: small, odd-sized and large tensors, some freed midway. */
  private static Workload mixed() {
    Workload.Builder b = new Workload.Builder("mixed", "test");
    int keep = b.alloc(new Tensor("w0", DType.FP16, 4096, 4096));
    int odd = b.alloc(new Tensor("odd", DType.FP32, 1000, 3));
    int small = b.alloc(new Tensor("bias", DType.BF16, 4096));
    b.free(odd);
    b.alloc(new Tensor("w1", DType.FP16, 14336, 4096));
    b.free(small);
    b.alloc(new Tensor("kv", DType.FP16, 2, 512, 16, 8, 128));
    b.free(keep);
    return b.build();
  }

  @Test
  void inventoryDescribesTheDevice() {
    requireGpu();
    assertThat(device.name()).isNotBlank();
    assertThat(device.totalBytes()).isGreaterThan(device.freeBytes()).isPositive();
    assertThat(Long.bitCount(device.textureAlignment())).isEqualTo(1);
    if (device.vmmSupported()) {
      assertThat(Long.bitCount(device.vmmGranularityMinimum())).isEqualTo(1);
      assertThat(device.vmmGranularityRecommended())
          .isGreaterThanOrEqualTo(device.vmmGranularityMinimum());
    }
    assertThat(device.computeMajor()).isGreaterThanOrEqualTo(3);
    assertThat(device.driverVersion()).startsWith("CUDA driver ");
  }

  @Test
  void cudaMallocAddressesAreAlignedAndEverythingIsFreed() {
    requireGpu();
    JCudaProbe probe = new JCudaProbe();
    AllocationProfile p;
    long freeBefore;
    JCudaSession session = (JCudaSession) probe.open(0);
    try (session) {
      freeBefore = session.freeBytes();
      p =
          new AllocationProfiler(1L << 30)
              .run(session, mixed(), AllocatorKind.CUDA_MALLOC, Progress.NONE);
      assertThat(session.liveAllocations()).isZero();
      assertThat(session.freeBytes()).isGreaterThan(freeBefore - 64 * MIB);
    }
    assertThat(p.tensors()).hasSize(5);
    for (TensorAllocation t : p.tensors()) {
      // cudaMalloc guarantees at least 256-byte alignment.
      assertThat(t.alignment()).isGreaterThanOrEqualTo(256);
      assertThat(t.address() % 256).isZero();
      assertThat(t.allocNanos()).isPositive();
      assertThat(t.freeNanos()).isPositive();
    }
    assertThat(p.allocLatency().count()).isEqualTo(5);
    assertThat(p.freeLatency().count()).isEqualTo(5);
  }

  @Test
  void vmmRoundsToTheGranularityExactly() {
    requireGpu();
    assumeTrue(device.vmmSupported(), "GPU test skipped: the device has no VMM");
    try (DeviceSession session = new JCudaProbe().open(0)) {
      AllocationProfile p =
          new AllocationProfiler(1L << 30).run(session, mixed(), AllocatorKind.VMM, Progress.NONE);
      long g = device.vmmGranularityMinimum();
      for (TensorAllocation t : p.tensors()) {
        assertThat(t.wasteExact()).isTrue();
        assertThat((t.bytes() + t.roundingWaste()) % g).isZero();
        assertThat(t.roundingWaste()).isBetween(0L, g - 1);
        assertThat(t.address() % g).isZero();
      }
    }
  }

  @Test
  void poolAndPinnedAllocationsWork() {
    requireGpu();
    try (DeviceSession session = new JCudaProbe().open(0)) {
      AllocationProfiler profiler = new AllocationProfiler(1L << 30);
      if (device.memoryPoolsSupported()) {
        AllocationProfile pool = profiler.run(session, mixed(), AllocatorKind.POOL, Progress.NONE);
        assertThat(pool.tensors()).allSatisfy(t -> assertThat(t.address()).isNotZero());
      }
      AllocationProfile pinned =
          profiler.run(session, mixed(), AllocatorKind.PINNED, Progress.NONE);
      // Page-locked host memory comes in whole pages.
      assertThat(pinned.tensors()).allSatisfy(t -> assertThat(t.address() % 4096).isZero());
    }
  }

  @Test
  void aWorkloadLargerThanFreeMemoryIsRefusedBeforeAnyAllocation() {
    requireGpu();
    try (JCudaSession session = (JCudaSession) new JCudaProbe().open(0)) {
      long free = session.freeBytes();
      Workload.Builder b = new Workload.Builder("too big", "test");
      b.alloc(new Tensor("all", DType.UINT8, free));
      Workload huge = b.build();
      ProbeRefusedException e =
          catchThrowableOfType(
              ProbeRefusedException.class,
              () ->
                  new AllocationProfiler(1L << 30)
                      .run(session, huge, AllocatorKind.CUDA_MALLOC, Progress.NONE));
      assertThat(e.getMessage()).contains("nothing was allocated");
      assertThat(session.liveAllocations()).isZero();
    }
  }

  @Test
  void cancellingMidwayFreesWhatWasAllocated() {
    requireGpu();
    Workload weights = WorkloadPresets.named("llama3-8b-fp16");
    try (JCudaSession session = (JCudaSession) new JCudaProbe().open(0)) {
      long freeBefore = session.freeBytes();
      int[] calls = {0};
      Progress cancelAfterSome =
          new Progress() {
            @Override
            public void update(String step, long done, long total) {}

            @Override
            public boolean cancelled() {
              return ++calls[0] > 2;
            }
          };
      catchThrowableOfType(
          ProbeCancelledException.class,
          () ->
              new AllocationProfiler(1L << 30)
                  .run(session, weights, AllocatorKind.CUDA_MALLOC, cancelAfterSome));
      assertThat(session.liveAllocations()).isZero();
      assertThat(session.freeBytes()).isGreaterThan(freeBefore - 64 * MIB);
    }
  }

  @Test
  void transfersReportBandwidthAgainstTheLink() {
    requireGpu();
    TransferPlan plan =
        new TransferPlan(
            List.of(CopyKind.values()),
            TransferPlan.sizes(4L << 10, 16L << 20),
            TransferPlan.pairs(new long[] {0, 4, 4096}),
            64L << 20);
    TransferProfile t;
    try (JCudaSession session = (JCudaSession) new JCudaProbe().open(0)) {
      t = new TransferProfiler(1L << 30).run(session, plan, Progress.NONE);
      session.close();
      assertThat(session.liveAllocations()).isZero();
    }
    assertThat(t.points()).hasSize(plan.points());
    for (TransferPoint p : t.points()) {
      assertThat(p.gbps()).isPositive();
      assertThat(p.medianNanos()).isGreaterThanOrEqualTo(p.minNanos());
    }
    TransferPoint big =
        t.points().stream()
            .filter(p -> p.direction().equals("H2D") && p.memory().equals("pinned"))
            .filter(p -> p.bytes() == 16L << 20 && p.srcOffset() == 0 && p.dstOffset() == 0)
            .findFirst()
            .orElseThrow();
    // 16 MiB pinned over any PCIe link of the last decade moves at more than 1 GB/s.
    assertThat(big.gbps()).isGreaterThan(1.0);
    if (device.link() != null) {
      assertThat(big.percentOfLink()).isBetween(1.0, 110.0);
    }
  }
}
