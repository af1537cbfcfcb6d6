package dev.fleetscope.probe.device;

/**
 * A GPU as the probe reports it.
 *
 * @param textureAlignment bytes; the alignment the driver guarantees for device allocations
 */
public record DeviceInfo(
    int index,
    String name,
    int computeMajor,
    int computeMinor,
    long totalBytes,
    long freeBytes,
    long textureAlignment) {}
