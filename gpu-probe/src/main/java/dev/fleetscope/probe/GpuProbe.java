package dev.fleetscope.probe;

import dev.fleetscope.probe.device.DeviceInfo;
import java.util.List;

/**
 * Port: what the probe can learn about the GPUs of the host it runs on. The JCuda adapter measures
 * a real device; the allocator model answers the same questions by computation, so a machine
 * without a GPU can still compare workloads (see the GPU probe issue).
 */
public interface GpuProbe {

  /** A short name for reports, e.g. "jcuda" or "model". */
  String name();

  /** Whether results come from a measurement (true) or a model (false). */
  boolean measured();

  List<DeviceInfo> devices();
}
