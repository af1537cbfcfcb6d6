package dev.fleetscope.probe.fake;

import dev.fleetscope.probe.AllocatorKind;
import dev.fleetscope.probe.CopyKind;
import dev.fleetscope.probe.DeviceSession;
import dev.fleetscope.probe.GpuProbe;
import dev.fleetscope.probe.ProbeException;
import dev.fleetscope.probe.ProbeUnavailableException;
import dev.fleetscope.probe.device.DeviceInfo;
import dev.fleetscope.probe.device.PcieLink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A GPU for tests of everything above the adapter: a bump allocator that places allocations the way
 * cudaMalloc does (2 MiB-aligned from 2 MiB up, 512 B-aligned below), copies that take
 * bytes/bandwidth, and hooks to fail or to look at what is still allocated.
 */
public final class FakeGpuProbe implements GpuProbe {
  public static final long GIB = 1L << 30;
  private final long total;
  private final boolean present;

  /** Allocation number (1-based) that fails with an out-of-memory, or 0 for none. */
  public int failAtAllocation;

  /** Kinds that fail at once, as an unsupported allocator would. */
  public AllocatorKind unsupported;

  public int allocations;
  public final Map<Long, Long> live = new HashMap<>();
  public boolean sessionClosed;

  public FakeGpuProbe(long totalBytes, boolean present) {
    this.total = totalBytes;
    this.present = present;
  }

  public static DeviceInfo device(long total, long free) {
    return new DeviceInfo(
        0,
        "Fake H100",
        9,
        0,
        total,
        free,
        512,
        2L << 20,
        2L << 20,
        true,
        true,
        132,
        "0000:00:06.0",
        new PcieLink(5, 16, 5, 16),
        "CUDA driver 13.0");
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public List<DeviceInfo> devices() {
    if (!present) {
      throw new ProbeUnavailableException("no CUDA driver: libcuda.so.1 could not be loaded", null);
    }
    return List.of(device(total, total - used()));
  }

  private long used() {
    return live.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public DeviceSession open(int index) {
    devices();
    sessionClosed = false;
    return new DeviceSession() {
      private long next = 0x7f0000000000L;

      @Override
      public DeviceInfo device() {
        return FakeGpuProbe.device(total, total - used());
      }

      @Override
      public long freeBytes() {
        return total - used();
      }

      @Override
      public long allocate(AllocatorKind kind, long bytes) {
        allocations++;
        if (kind == unsupported) {
          throw new ProbeException(kind.label() + " is not supported by the fake");
        }
        if (allocations == failAtAllocation || used() + bytes > total) {
          throw new ProbeException("cudaMalloc of " + bytes + " bytes failed: out of memory");
        }
        long align = bytes >= (2L << 20) ? 2L << 20 : 512;
        long address = (next + align - 1) / align * align;
        long reserved = (bytes + 511) / 512 * 512;
        next = address + reserved;
        live.put(address, bytes);
        return address;
      }

      @Override
      public long reservedBytes(AllocatorKind kind, long address) {
        return kind == AllocatorKind.VMM
            ? (live.get(address) + (2L << 20) - 1) / (2L << 20) * (2L << 20)
            : -1;
      }

      @Override
      public void free(AllocatorKind kind, long address) {
        if (live.remove(address) == null) {
          throw new ProbeException("double free at " + address);
        }
      }

      @Override
      public void prepareTransfers(long maxBytes, long maxOffset) {}

      @Override
      public long copy(CopyKind kind, long bytes, long srcOffset, long dstOffset) {
        double gbps = kind == CopyKind.D2D ? 1500 : kind.memory().equals("pinned") ? 55 : 10;
        double penalty = (srcOffset % 64 != 0 || dstOffset % 64 != 0) ? 1.25 : 1.0;
        return (long) (1000 + bytes / gbps * penalty);
      }

      @Override
      public void close() {
        live.clear();
        sessionClosed = true;
      }
    };
  }
}
