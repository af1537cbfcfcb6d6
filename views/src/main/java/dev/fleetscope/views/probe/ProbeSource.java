package dev.fleetscope.views.probe;

import dev.fleetscope.probe.ProbeRun;
import dev.fleetscope.probe.Progress;
import dev.fleetscope.probe.result.ProbeResult;
import dev.fleetscope.probe.workload.Workload;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Port of the GPU probe section: runs the probe on this host (or only the allocator model when
 * there is no GPU) and reads results made elsewhere. The app serves it with the JCuda adapter.
 */
public interface ProbeSource {

  /** Why this host cannot measure (no driver, no device), or empty when it can. */
  Optional<String> measurementUnavailable();

  /** Reads a workload spec: a preset name (with options) or a file path. */
  Workload workload(String spec);

  /** Runs a request; blocks, reports progress, honours cancellation. */
  ProbeResult run(ProbeRun.Request request, Progress progress);

  /** Reads a result JSON written by gpu-probe or by this section. */
  ProbeResult open(Path file);
}
