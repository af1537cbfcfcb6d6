package dev.fleetscope.views.gpumemory;

import dev.fleetscope.services.gpufleet.GpuReading;
import java.util.List;

/** Port of the fleet GPU memory view: the DCGM readings of every GPU of the connected fleet. */
public interface GpuFleetSource {

  /**
   * Where readings come from, for people ("demo fleet exporter", a Prometheus URL), or empty when
   * there is no metrics source.
   */
  String describe();

  /**
   * Reads every GPU now; blocking (network).
   *
   * @throws Exception with a message for people when the source cannot be read
   */
  List<GpuReading> read() throws Exception;

  /**
   * Since when each GPU held by a pod has been under {@code percent} utilization, from the source's
   * own history over {@code lookback} ({@link GpuReading#holdingKey()} to the instant); empty when
   * the source keeps none (a direct scrape). Blocking.
   */
  default java.util.Map<String, java.time.Instant> quietSince(
      java.time.Duration lookback, double percent) throws Exception {
    return java.util.Map.of();
  }
}
