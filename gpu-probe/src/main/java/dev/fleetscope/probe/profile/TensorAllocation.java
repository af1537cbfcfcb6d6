package dev.fleetscope.probe.profile;

/**
 * One tensor's allocation as measured.
 *
 * @param address the address the allocator returned
 * @param alignment the largest power of two dividing the address
 * @param roundingWaste bytes set aside beyond the request: exact where the allocator says (VMM: the
 *     size rounded to its granularity), else inferred from the nearest allocation placed above it
 *     when that is less than 2 MiB away; -1 when unknown
 * @param wasteExact whether {@code roundingWaste} is exact rather than inferred
 * @param gapToPrevious address minus the end of the previous allocation in allocation order (may be
 *     negative: the allocator placed it below)
 * @param allocNanos time the allocation call took
 * @param freeNanos time the free call took
 */
public record TensorAllocation(
    String name,
    String dtype,
    String shape,
    long bytes,
    long address,
    long alignment,
    long roundingWaste,
    boolean wasteExact,
    long gapToPrevious,
    long allocNanos,
    long freeNanos) {}
