package dev.fleetscope.probe.result;

import dev.fleetscope.probe.allocator.AllocatorConfig;
import dev.fleetscope.probe.allocator.ModelStats;
import dev.fleetscope.probe.allocator.SegmentLayout;
import dev.fleetscope.probe.device.DeviceInfo;
import dev.fleetscope.probe.profile.AllocationProfile;
import dev.fleetscope.probe.profile.TransferProfile;
import java.util.List;

/**
 * Everything one probe run produced, as written to and read from the result JSON
 * (docs/probe-schema.md). Sections that were not run are null or empty; {@code problems} says which
 * requested parts failed and why.
 */
public record ProbeResult(
    String schema,
    String createdAt,
    String host,
    String toolVersion,
    List<DeviceInfo> devices,
    WorkloadSummary workload,
    List<AllocationProfile> allocations,
    ModelReport model,
    TransferProfile transfers,
    List<String> problems) {

  public static final String SCHEMA = "fleetscope.probe/v1";

  public ProbeResult {
    devices = List.copyOf(devices);
    allocations = List.copyOf(allocations);
    problems = List.copyOf(problems);
  }

  /** Whether any part of this result was measured on a GPU (else it is all modelled). */
  public boolean measured() {
    return !allocations.isEmpty() || transfers != null;
  }

  /** The workload a result is about. */
  public record WorkloadSummary(
      String name, String source, int tensors, int events, long totalBytes, long peakLiveBytes) {}

  /**
   * The allocator model's answer for the workload: its settings, figures, each tensor's modelled
   * block and the final segment layout. Always modelled, never measured.
   */
  public record ModelReport(
      AllocatorConfig config,
      ModelStats stats,
      List<ModelTensor> tensors,
      List<SegmentLayout> segments) {
    public ModelReport {
      tensors = List.copyOf(tensors);
      segments = List.copyOf(segments);
    }
  }

  /** A tensor as the model placed it; address -1 when it did not fit. */
  public record ModelTensor(
      String name, long bytes, long blockSize, long address, long alignment) {}
}
