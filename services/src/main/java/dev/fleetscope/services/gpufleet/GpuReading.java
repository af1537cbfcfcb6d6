package dev.fleetscope.services.gpufleet;

/**
 * One GPU as the NVIDIA DCGM exporter reports it. Memory is in MiB, as DCGM exports it; a figure
 * the exporter does not export is {@code NaN}.
 *
 * @param host the node ({@code Hostname}, or {@code hostname} in newer exporters)
 * @param pod the pod holding the GPU, or empty when none does ({@code pod}, older {@code pod_name})
 */
public record GpuReading(
    String cluster,
    String host,
    String gpu,
    String uuid,
    String model,
    double fbUsedMiB,
    double fbFreeMiB,
    double fbReservedMiB,
    double utilPercent,
    double engineActive,
    double memCopyUtilPercent,
    double temperatureC,
    double powerWatts,
    double lastXid,
    String namespace,
    String pod,
    String container) {

  /** Framebuffer in all: used + free + reserved (NaN parts count as 0). */
  public double fbTotalMiB() {
    return nz(fbUsedMiB) + nz(fbFreeMiB) + nz(fbReservedMiB);
  }

  /** Share of the framebuffer in use, 0..1; NaN when the exporter gave no memory figures. */
  public double fbUsedFraction() {
    double total = fbTotalMiB();
    return total <= 0 || Double.isNaN(fbUsedMiB) ? Double.NaN : fbUsedMiB / total;
  }

  public boolean allocatedToPod() {
    return !pod.isEmpty();
  }

  /** This GPU as held by this pod: cluster, UUID (or host and index), pod. */
  public String holdingKey() {
    return cluster + "/" + (uuid.isEmpty() ? host + "/" + gpu : uuid) + "/" + namespace + "/" + pod;
  }

  private static double nz(double v) {
    return Double.isNaN(v) ? 0 : v;
  }
}
