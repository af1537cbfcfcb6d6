package dev.fleetscope.probe.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetscope.probe.AllocatorKind;
import dev.fleetscope.probe.CopyKind;
import dev.fleetscope.probe.DeviceSession;
import dev.fleetscope.probe.ProbeCancelledException;
import dev.fleetscope.probe.ProbeException;
import dev.fleetscope.probe.ProbeRefusedException;
import dev.fleetscope.probe.ProbeRun;
import dev.fleetscope.probe.Progress;
import dev.fleetscope.probe.allocator.AllocatorConfig;
import dev.fleetscope.probe.fake.FakeGpuProbe;
import dev.fleetscope.probe.result.ProbeResult;
import dev.fleetscope.probe.workload.DType;
import dev.fleetscope.probe.workload.Tensor;
import dev.fleetscope.probe.workload.Workload;
import dev.fleetscope.probe.workload.WorkloadPresets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The profilers and the run orchestration over the port, with a fake GPU. */
class ProfilersThroughThePortTest {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  private static Workload threeTensors() {
    Workload.Builder b = new Workload.Builder("three", "test");
    int a = b.alloc(new Tensor("a", DType.UINT8, 1000));
    b.alloc(new Tensor("b", DType.UINT8, 4096));
    b.free(a);
    b.alloc(new Tensor("c", DType.FP16, 2 * MIB));
    return b.build();
  }

  @Test
  void addressesAlignmentGapsAndInferredWasteAreRecorded() {
    FakeGpuProbe gpu = new FakeGpuProbe(80 * GIB, true);
    AllocationProfile p;
    try (DeviceSession s = gpu.open(0)) {
      p =
          new AllocationProfiler(GIB)
              .run(s, threeTensors(), AllocatorKind.CUDA_MALLOC, Progress.NONE);
    }
    assertThat(gpu.live).isEmpty();
    TensorAllocation a = p.tensors().get(0);
    TensorAllocation b = p.tensors().get(1);
    TensorAllocation c = p.tensors().get(2);
    assertThat(b.address()).isEqualTo(a.address() + 1024);
    // a's 1000 bytes were followed by b 24 bytes later: the allocator's rounding, inferred.
    assertThat(a.roundingWaste()).isEqualTo(24);
    assertThat(a.wasteExact()).isFalse();
    assertThat(b.gapToPrevious()).isEqualTo(24);
    assertThat(c.alignment()).isEqualTo(2 * MIB);
    // b's neighbour above is c, placed at the next 2 MiB boundary: that distance counts too.
    assertThat(b.roundingWaste()).isEqualTo(c.address() - (b.address() + 4096));
    // Nothing was ever placed above c: unknown.
    assertThat(c.roundingWaste()).isEqualTo(-1);
    assertThat(p.unknownWaste()).isEqualTo(1);
    assertThat(p.alignmentHistogram()).containsEntry(2 * MIB, 2);
    assertThat(p.allocLatency().count()).isEqualTo(3);
    assertThat(p.freeLatency().count()).isEqualTo(3);
  }

  @Test
  void vmmWasteIsExact() {
    FakeGpuProbe gpu = new FakeGpuProbe(80 * GIB, true);
    try (DeviceSession s = gpu.open(0)) {
      AllocationProfile p =
          new AllocationProfiler(GIB).run(s, threeTensors(), AllocatorKind.VMM, Progress.NONE);
      assertThat(p.tensors().get(0).roundingWaste()).isEqualTo(2 * MIB - 1000);
      assertThat(p.tensors()).allSatisfy(t -> assertThat(t.wasteExact()).isTrue());
      assertThat(p.unknownWaste()).isZero();
    }
  }

  @Test
  void aWorkloadThatMightNotFitIsRefusedBeforeAnyAllocation() {
    FakeGpuProbe gpu = new FakeGpuProbe(16 * GIB, true);
    Workload weights = WorkloadPresets.named("llama3-8b-fp16");
    try (DeviceSession s = gpu.open(0)) {
      ProbeRefusedException e =
          catchThrowableOfType(
              ProbeRefusedException.class,
              () ->
                  new AllocationProfiler(GIB)
                      .run(s, weights, AllocatorKind.CUDA_MALLOC, Progress.NONE));
      assertThat(e.getMessage())
          .startsWith("refused: workload \"llama3-8b weights fp16\" may need up to 15.")
          .contains("only 16.0 GiB is free and the probe leaves a margin of 1.00 GiB")
          .endsWith("nothing was allocated");
    }
    assertThat(gpu.allocations).isZero();
  }

  @Test
  void aFailureMidwayFreesEverythingAllocatedSoFar() {
    FakeGpuProbe gpu = new FakeGpuProbe(80 * GIB, true);
    gpu.failAtAllocation = 100;
    try (DeviceSession s = gpu.open(0)) {
      ProbeException e =
          catchThrowableOfType(
              ProbeException.class,
              () ->
                  new AllocationProfiler(GIB)
                      .run(
                          s,
                          WorkloadPresets.named("llama3-8b-fp16"),
                          AllocatorKind.CUDA_MALLOC,
                          Progress.NONE));
      assertThat(e.getMessage()).contains("out of memory");
      assertThat(gpu.live).as("freed by the profiler before close").isEmpty();
    }
  }

  @Test
  void cancellingStopsAndFreesEverything() {
    FakeGpuProbe gpu = new FakeGpuProbe(80 * GIB, true);
    int[] polls = {0};
    Progress cancelSoon =
        new Progress() {
          @Override
          public void update(String step, long done, long total) {}

          @Override
          public boolean cancelled() {
            return ++polls[0] > 2;
          }
        };
    try (DeviceSession s = gpu.open(0)) {
      catchThrowableOfType(
          ProbeCancelledException.class,
          () ->
              new AllocationProfiler(GIB)
                  .run(
                      s,
                      WorkloadPresets.named("llama3-8b-fp16"),
                      AllocatorKind.CUDA_MALLOC,
                      cancelSoon));
      assertThat(gpu.allocations).isBetween(64, 192);
      assertThat(gpu.live).isEmpty();
    }
  }

  @Test
  void oneFailingAllocatorLeavesTheOthersResultsAndSaysWhy() {
    FakeGpuProbe gpu = new FakeGpuProbe(80 * GIB, true);
    gpu.unsupported = AllocatorKind.VMM;
    ProbeResult r =
        new ProbeRun(gpu, "test")
            .run(
                new ProbeRun.Request(
                    threeTensors(),
                    List.of(
                        AllocatorKind.CUDA_MALLOC,
                        AllocatorKind.VMM,
                        AllocatorKind.POOL,
                        AllocatorKind.MODEL),
                    AllocatorConfig.DEFAULT,
                    null,
                    0,
                    -1),
                Progress.NONE);
    assertThat(r.allocations())
        .extracting(AllocationProfile::allocator)
        .containsExactly("cudaMalloc", "pool");
    assertThat(r.problems())
        .containsExactly("vmm: vmm is not supported by the fake; its allocations were freed");
    assertThat(r.model()).isNotNull();
    assertThat(r.measured()).isTrue();
    assertThat(gpu.sessionClosed).isTrue();
  }

  @Test
  void transfersCoverEverySizeOffsetAndKindAgainstTheLink() {
    FakeGpuProbe gpu = new FakeGpuProbe(80 * GIB, true);
    TransferPlan plan = TransferPlan.standard();
    TransferProfile t;
    try (DeviceSession s = gpu.open(0)) {
      t = new TransferProfiler(GIB).run(s, plan, Progress.NONE);
    }
    assertThat(plan.sizes()).first().isEqualTo(4096L);
    assertThat(plan.sizes()).last().isEqualTo(GIB);
    assertThat(t.points()).hasSize(5 * 10 * 9);
    assertThat(t.linkGBps()).isCloseTo(63.0, org.assertj.core.data.Offset.offset(0.1));
    TransferPoint aligned = find(t, CopyKind.H2D_PINNED, 256 * MIB, 0, 0);
    TransferPoint misaligned = find(t, CopyKind.H2D_PINNED, 256 * MIB, 4, 0);
    assertThat(aligned.percentOfLink())
        .isCloseTo(100 * aligned.gbps() / 63.015392, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(misaligned.gbps()).isLessThan(aligned.gbps());
    assertThat(find(t, CopyKind.D2D, GIB, 0, 0).percentOfLink()).isEqualTo(-1);
  }

  @Test
  void transfersThatDoNotFitAreRefused() {
    FakeGpuProbe gpu = new FakeGpuProbe(2 * GIB, true);
    try (DeviceSession s = gpu.open(0)) {
      assertThat(
              catchThrowableOfType(
                      ProbeRefusedException.class,
                      () ->
                          new TransferProfiler(GIB).run(s, TransferPlan.standard(), Progress.NONE))
                  .getMessage())
          .startsWith("refused: transfers up to 1.00 GiB need 2.00 GiB of device memory");
    }
  }

  private static TransferPoint find(TransferProfile t, CopyKind k, long bytes, long src, long dst) {
    return t.points().stream()
        .filter(p -> p.direction().equals(k.direction()) && p.memory().equals(k.memory()))
        .filter(p -> p.bytes() == bytes && p.srcOffset() == src && p.dstOffset() == dst)
        .findFirst()
        .orElseThrow();
  }
}
