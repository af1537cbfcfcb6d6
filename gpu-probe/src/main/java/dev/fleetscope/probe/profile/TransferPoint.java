package dev.fleetscope.probe.profile;

/**
 * One timed copy configuration.
 *
 * @param medianNanos median wall time of one copy
 * @param gbps bytes per second of the median copy, in GB/s (10^9)
 * @param percentOfLink {@code gbps} as a percentage of the PCIe link's theoretical limit; -1 for
 *     device-to-device copies or an unknown link
 */
public record TransferPoint(
    String direction,
    String memory,
    long bytes,
    long srcOffset,
    long dstOffset,
    int repeats,
    long medianNanos,
    long minNanos,
    double gbps,
    double percentOfLink) {}
