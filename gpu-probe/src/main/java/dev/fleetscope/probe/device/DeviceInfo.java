package dev.fleetscope.probe.device;

/**
 * A GPU as the probe reports it.
 *
 * @param textureAlignment bytes; the alignment the driver guarantees for device allocations
 * @param vmmGranularityMinimum bytes; cuMemCreate sizes must be a multiple of it (0 when VMM is not
 *     supported)
 * @param vmmGranularityRecommended bytes; the granularity the driver recommends for performance
 * @param link the PCIe link the device sits on, or null when it could not be read
 */
public record DeviceInfo(
    int index,
    String name,
    int computeMajor,
    int computeMinor,
    long totalBytes,
    long freeBytes,
    long textureAlignment,
    long vmmGranularityMinimum,
    long vmmGranularityRecommended,
    boolean memoryPoolsSupported,
    boolean vmmSupported,
    int multiprocessors,
    String pciBusId,
    PcieLink link,
    String driverVersion) {

  public String computeCapability() {
    return computeMajor + "." + computeMinor;
  }
}
