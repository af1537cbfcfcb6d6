package dev.fleetscope.probe;

import dev.fleetscope.probe.device.DeviceInfo;
import java.util.List;

/**
 * Port: the GPUs of the host the probe runs on. The JCuda adapter talks to the CUDA driver; tests
 * use a fake. Profilers (allocation, transfer) drive a {@link DeviceSession} and do all the
 * bookkeeping and safety checks themselves, so an adapter only has to do the CUDA calls.
 */
public interface GpuProbe {

  /** A short name for reports, e.g. "jcuda". */
  String name();

  /**
   * The devices of this host.
   *
   * @throws ProbeUnavailableException when there is no driver or no device, with the reason
   */
  List<DeviceInfo> devices();

  /**
   * Opens a device for allocations and copies. The session is confined to the calling thread (CUDA
   * contexts are per thread) and frees everything it allocated when closed.
   */
  DeviceSession open(int device);
}
