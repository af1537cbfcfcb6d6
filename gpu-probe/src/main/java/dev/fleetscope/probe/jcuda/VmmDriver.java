package dev.fleetscope.probe.jcuda;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.ptr.LongByReference;
import dev.fleetscope.probe.ProbeException;
import jcuda.driver.CUresult;

/**
 * The CUDA driver's virtual memory calls, made directly through JNA. JCuda 12.6.0 copies
 * CUmemAllocationProp into a struct whose reserved bytes it never clears, and the driver rejects
 * such a struct with CUDA_ERROR_INVALID_VALUE (seen on an H100 with driver 13.0; ADR 0008). Here
 * the struct is built zeroed. The calls use the context current on the calling thread, which the
 * session set through JCuda.
 */
final class VmmDriver {
  private static final int CU_MEM_ALLOCATION_TYPE_PINNED = 1;
  private static final int CU_MEM_LOCATION_TYPE_DEVICE = 1;
  private static final int CU_MEM_ACCESS_FLAGS_PROT_READWRITE = 3;

  /** The driver entry points used, as libcuda exports them. */
  interface Cuda extends Library {
    int cuMemCreate(LongByReference handle, long size, Memory prop, long flags);

    int cuMemAddressReserve(LongByReference ptr, long size, long alignment, long addr, long flags);

    int cuMemMap(long ptr, long size, long offset, long handle, long flags);

    int cuMemSetAccess(long ptr, long size, Memory desc, long count);

    int cuMemUnmap(long ptr, long size);

    int cuMemAddressFree(long ptr, long size);

    int cuMemRelease(long handle);
  }

  /** A mapped VMM allocation: its address, mapped size and physical handle. */
  record Mapping(long address, long size, long handle) {}

  private final Cuda cuda;
  private final int device;

  VmmDriver(int device) {
    this.device = device;
    try {
      this.cuda = Native.load("libcuda.so.1", Cuda.class);
    } catch (UnsatisfiedLinkError e) {
      throw new ProbeException("VMM calls need libcuda.so.1: " + e.getMessage(), e);
    }
  }

  /** Creates, reserves, maps and opens {@code size} bytes (a multiple of the granularity). */
  Mapping allocate(long size) {
    // CUmemAllocationProp: type, requestedHandleTypes, location {type, id}, win32HandleMetaData,
    // allocFlags {compressionType, gpuDirectRDMACapable, usage, reserved[4]}: 32 bytes, all zero
    // but what is set here.
    Memory prop = new Memory(32);
    prop.clear();
    prop.setInt(0, CU_MEM_ALLOCATION_TYPE_PINNED);
    prop.setInt(8, CU_MEM_LOCATION_TYPE_DEVICE);
    prop.setInt(12, device);
    LongByReference handle = new LongByReference();
    check(cuda.cuMemCreate(handle, size, prop, 0), "cuMemCreate", size);
    LongByReference address = new LongByReference();
    int r = cuda.cuMemAddressReserve(address, size, 0, 0, 0);
    if (r != 0) {
      cuda.cuMemRelease(handle.getValue());
      check(r, "cuMemAddressReserve", size);
    }
    long ptr = address.getValue();
    r = cuda.cuMemMap(ptr, size, 0, handle.getValue(), 0);
    if (r == 0) {
      // CUmemAccessDesc: location {type, id}, flags: 12 bytes.
      Memory access = new Memory(12);
      access.clear();
      access.setInt(0, CU_MEM_LOCATION_TYPE_DEVICE);
      access.setInt(4, device);
      access.setInt(8, CU_MEM_ACCESS_FLAGS_PROT_READWRITE);
      r = cuda.cuMemSetAccess(ptr, size, access, 1);
      if (r != 0) {
        cuda.cuMemUnmap(ptr, size);
      }
    }
    if (r != 0) {
      cuda.cuMemAddressFree(ptr, size);
      cuda.cuMemRelease(handle.getValue());
      check(r, "cuMemMap/cuMemSetAccess", size);
    }
    return new Mapping(ptr, size, handle.getValue());
  }

  void free(Mapping m) {
    int unmap = cuda.cuMemUnmap(m.address(), m.size());
    int addressFree = cuda.cuMemAddressFree(m.address(), m.size());
    int release = cuda.cuMemRelease(m.handle());
    check(unmap != 0 ? unmap : addressFree != 0 ? addressFree : release, "VMM free", m.size());
  }

  private static void check(int result, String call, long bytes) {
    if (result != 0) {
      throw new ProbeException(
          call + " of " + bytes + " bytes failed: " + CUresult.stringFor(result));
    }
  }
}
