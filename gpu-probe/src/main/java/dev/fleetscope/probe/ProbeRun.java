package dev.fleetscope.probe;

import dev.fleetscope.probe.allocator.AllocatorConfig;
import dev.fleetscope.probe.allocator.CachingAllocatorModel;
import dev.fleetscope.probe.allocator.ModelResult;
import dev.fleetscope.probe.device.DeviceInfo;
import dev.fleetscope.probe.profile.AllocationProfile;
import dev.fleetscope.probe.profile.AllocationProfiler;
import dev.fleetscope.probe.profile.TransferPlan;
import dev.fleetscope.probe.profile.TransferProfile;
import dev.fleetscope.probe.profile.TransferProfiler;
import dev.fleetscope.probe.result.ProbeResult;
import dev.fleetscope.probe.result.ProbeResult.ModelReport;
import dev.fleetscope.probe.result.ProbeResult.ModelTensor;
import dev.fleetscope.probe.result.ProbeResult.WorkloadSummary;
import dev.fleetscope.probe.workload.Tensor;
import dev.fleetscope.probe.workload.Workload;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One probe run as the CLI and the console start it: the model and/or measured allocators for a
 * workload, and optionally the transfer sweep, into one {@link ProbeResult}. Measurement needs a
 * {@link GpuProbe}; the model needs none.
 */
public final class ProbeRun {

  /**
   * What to run.
   *
   * @param allocators measured allocators and/or {@link AllocatorKind#MODEL}
   * @param transfers the transfer plan, or null for none
   * @param marginBytes free memory left untouched, or -1 for the default
   */
  public record Request(
      Workload workload,
      List<AllocatorKind> allocators,
      AllocatorConfig modelConfig,
      TransferPlan transfers,
      int device,
      long marginBytes) {
    public Request {
      allocators = List.copyOf(allocators);
    }

    public boolean needsGpu() {
      return transfers != null || allocators.stream().anyMatch(AllocatorKind::measured);
    }
  }

  private final GpuProbe probe;
  private final String toolVersion;

  public ProbeRun(GpuProbe probe, String toolVersion) {
    this.probe = probe;
    this.toolVersion = toolVersion;
  }

  public ProbeResult run(Request r, Progress progress) {
    List<DeviceInfo> devices = List.of();
    List<AllocationProfile> allocations = new ArrayList<>();
    TransferProfile transfers = null;
    ModelReport model = null;
    List<String> problems = new ArrayList<>();
    if (r.allocators().contains(AllocatorKind.MODEL) && r.workload() != null) {
      progress.update("modelling PyTorch's caching allocator", 0, 1);
      model = model(r.workload(), r.modelConfig());
      progress.update("modelling PyTorch's caching allocator", 1, 1);
    }
    if (r.needsGpu()) {
      devices = probe.devices();
      try (DeviceSession session = probe.open(r.device())) {
        long margin =
            r.marginBytes() >= 0
                ? r.marginBytes()
                : AllocationProfiler.defaultMargin(session.device().totalBytes());
        for (AllocatorKind kind : r.allocators()) {
          if (kind.measured() && r.workload() != null) {
            try {
              allocations.add(
                  new AllocationProfiler(margin).run(session, r.workload(), kind, progress));
            } catch (ProbeRefusedException | ProbeCancelledException e) {
              throw e;
            } catch (ProbeException e) {
              // One allocator failing (unsupported, a binding's bug) leaves the others' results.
              problems.add(kind.label() + ": " + e.getMessage() + "; its allocations were freed");
            }
          }
        }
        if (r.transfers() != null) {
          transfers = new TransferProfiler(margin).run(session, r.transfers(), progress);
        }
      }
    }
    Workload w = r.workload();
    return new ProbeResult(
        ProbeResult.SCHEMA,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        hostName(),
        toolVersion,
        devices,
        w == null
            ? null
            : new WorkloadSummary(
                w.name(),
                w.source(),
                w.tensors().size(),
                w.eventCount(),
                w.totalBytes(),
                w.peakLiveBytes()),
        allocations,
        model,
        transfers,
        problems);
  }

  /** The model's report for a workload: its figures, each tensor's block, the final layout. */
  public static ModelReport model(Workload w, AllocatorConfig config) {
    ModelResult m = CachingAllocatorModel.replay(w, config);
    List<ModelTensor> tensors = new ArrayList<>(w.tensors().size());
    long[] addresses = m.addresses();
    long[] blocks = m.blockSizes();
    for (int i = 0; i < w.tensors().size(); i++) {
      Tensor t = w.tensors().get(i);
      long a = addresses[i];
      tensors.add(
          new ModelTensor(t.name(), t.bytes(), blocks[i], a, a > 0 ? Long.lowestOneBit(a) : 0));
    }
    return new ModelReport(config, m.stats(), tensors, m.segments());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
