package dev.fleetscope.probe;

import dev.fleetscope.probe.device.DeviceInfo;

/**
 * One device, opened for measurement. Every allocation made through it is tracked and freed by
 * {@link #close()}, whatever happened before.
 */
public interface DeviceSession extends AutoCloseable {

  DeviceInfo device();

  /** Free device memory now, in bytes. */
  long freeBytes();

  /**
   * Allocates {@code bytes} with {@code kind} and returns the address the allocator gave.
   *
   * @throws ProbeException when the allocation fails (out of memory, unsupported)
   */
  long allocate(AllocatorKind kind, long bytes);

  /** The bytes the allocator really set aside for an allocation when it says so (VMM), else -1. */
  long reservedBytes(AllocatorKind kind, long address);

  void free(AllocatorKind kind, long address);

  /**
   * Prepares buffers for copies of up to {@code maxBytes} at offsets up to {@code maxOffset}: one
   * pinned and one pageable host buffer, two device buffers.
   */
  void prepareTransfers(long maxBytes, long maxOffset);

  /**
   * Copies {@code bytes} once between prepared buffers and returns the wall time in nanoseconds,
   * from the call until the copy has completed.
   */
  long copy(CopyKind kind, long bytes, long srcOffset, long dstOffset);

  /** Frees everything still allocated, the transfer buffers too. Never throws. */
  @Override
  void close();
}
