package dev.fleetscope.probe.jcuda;

import static dev.fleetscope.probe.jcuda.JCudaProbe.check;

import dev.fleetscope.probe.AllocatorKind;
import dev.fleetscope.probe.CopyKind;
import dev.fleetscope.probe.DeviceSession;
import dev.fleetscope.probe.ProbeException;
import dev.fleetscope.probe.device.DeviceInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUmemAllocationHandleType;
import jcuda.driver.CUmemAllocationType;
import jcuda.driver.CUmemLocation;
import jcuda.driver.CUmemLocationType;
import jcuda.driver.CUmemPoolProps;
import jcuda.driver.CUmemoryPool;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaError;
import jcuda.runtime.cudaMemcpyKind;

/** One device opened through JCuda; every allocation is tracked so close() can free it. */
final class JCudaSession implements DeviceSession {
  private final DeviceInfo info;
  private final CUdevice dev;
  private final Thread owner = Thread.currentThread();
  private final Map<Long, Live> live = new HashMap<>();
  private CUstream stream;
  private CUmemoryPool pool;
  private final List<Live> transferBuffers = new ArrayList<>();
  private Pointer hostPinned;
  private ByteBuffer hostPageable;
  private Pointer deviceA;
  private Pointer deviceB;
  private boolean closed;
  private VmmDriver vmm;

  /** A pointer that can tell its address (JCuda keeps it in a protected field). */
  static final class Address extends CUdeviceptr {
    long value() {
      return getNativePointer();
    }
  }

  private record Live(AllocatorKind kind, Address ptr, long size, Object handle) {}

  JCudaSession(DeviceInfo info, CUdevice dev, CUcontext ctx) {
    this.info = info;
    this.dev = dev;
    int r = JCuda.cudaSetDevice(info.index());
    if (r != cudaError.cudaSuccess) {
      JCudaDriver.cuDevicePrimaryCtxRelease(dev);
      throw new ProbeException("cudaSetDevice failed: " + cudaError.stringFor(r));
    }
  }

  @Override
  public DeviceInfo device() {
    return info;
  }

  @Override
  public long freeBytes() {
    long[] free = new long[1];
    long[] total = new long[1];
    check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
    return free[0];
  }

  @Override
  public long allocate(AllocatorKind kind, long bytes) {
    confined();
    Address p = new Address();
    switch (kind) {
      case CUDA_MALLOC -> runtime(JCuda.cudaMalloc(p, bytes), "cudaMalloc", bytes);
      case PINNED -> runtime(JCuda.cudaMallocHost(p, bytes), "cudaMallocHost", bytes);
      case POOL -> {
        ensurePool();
        driver(
            JCudaDriver.cuMemAllocFromPoolAsync(p, bytes, pool, stream),
            "cuMemAllocFromPoolAsync",
            bytes);
      }
      case VMM -> {
        long g = info.vmmGranularityMinimum();
        if (!info.vmmSupported() || g == 0) {
          throw new ProbeException("this device does not support virtual memory management");
        }
        if (vmm == null) {
          vmm = new VmmDriver(info.index());
        }
        VmmDriver.Mapping m = vmm.allocate((bytes + g - 1) / g * g);
        live.put(m.address(), new Live(kind, null, m.size(), m));
        return m.address();
      }
      default -> throw new IllegalArgumentException(kind + " is not a CUDA allocator");
    }
    long address = p.value();
    live.put(address, new Live(kind, p, bytes, null));
    return address;
  }

  @Override
  public long reservedBytes(AllocatorKind kind, long address) {
    Live l = live.get(address);
    return l != null && kind == AllocatorKind.VMM ? l.size : -1;
  }

  @Override
  public void free(AllocatorKind kind, long address) {
    confined();
    Live l = live.remove(address);
    if (l == null) {
      throw new ProbeException("no allocation at 0x" + Long.toHexString(address));
    }
    release(l);
  }

  private void release(Live l) {
    switch (l.kind) {
      case CUDA_MALLOC -> runtime(JCuda.cudaFree(l.ptr), "cudaFree", l.size);
      case PINNED -> runtime(JCuda.cudaFreeHost(l.ptr), "cudaFreeHost", l.size);
      case POOL -> driver(JCudaDriver.cuMemFreeAsync(l.ptr, stream), "cuMemFreeAsync", l.size);
      case VMM -> vmm.free((VmmDriver.Mapping) l.handle);
      default -> throw new IllegalStateException();
    }
  }

  @Override
  public void prepareTransfers(long maxBytes, long maxOffset) {
    confined();
    if (deviceA != null) {
      return;
    }
    long size = maxBytes + maxOffset;
    Address a = new Address();
    runtime(JCuda.cudaMalloc(a, size), "cudaMalloc", size);
    transferBuffers.add(new Live(AllocatorKind.CUDA_MALLOC, a, size, null));
    Address b = new Address();
    runtime(JCuda.cudaMalloc(b, size), "cudaMalloc", size);
    transferBuffers.add(new Live(AllocatorKind.CUDA_MALLOC, b, size, null));
    Address h = new Address();
    runtime(JCuda.cudaMallocHost(h, size), "cudaMallocHost", size);
    transferBuffers.add(new Live(AllocatorKind.PINNED, h, size, null));
    if (size > Integer.MAX_VALUE) {
      throw new ProbeException("pageable host buffers are limited to 2 GiB");
    }
    hostPageable = ByteBuffer.allocateDirect((int) size);
    // Touch every page so the first timed copy does not pay for page faults.
    for (int i = 0; i < size; i += 4096) {
      hostPageable.put(i, (byte) i);
    }
    runtime(JCuda.cudaMemset(a, 1, size), "cudaMemset", size);
    runtime(JCuda.cudaMemset(b, 2, size), "cudaMemset", size);
    deviceA = a;
    deviceB = b;
    hostPinned = h;
  }

  @Override
  public long copy(CopyKind kind, long bytes, long srcOffset, long dstOffset) {
    Pointer src;
    Pointer dst;
    int direction;
    switch (kind) {
      case H2D_PINNED -> {
        src = hostPinned;
        dst = deviceA;
        direction = cudaMemcpyKind.cudaMemcpyHostToDevice;
      }
      case H2D_PAGEABLE -> {
        src = Pointer.to(hostPageable);
        dst = deviceA;
        direction = cudaMemcpyKind.cudaMemcpyHostToDevice;
      }
      case D2H_PINNED -> {
        src = deviceA;
        dst = hostPinned;
        direction = cudaMemcpyKind.cudaMemcpyDeviceToHost;
      }
      case D2H_PAGEABLE -> {
        src = deviceA;
        dst = Pointer.to(hostPageable);
        direction = cudaMemcpyKind.cudaMemcpyDeviceToHost;
      }
      default -> {
        src = deviceA;
        dst = deviceB;
        direction = cudaMemcpyKind.cudaMemcpyDeviceToDevice;
      }
    }
    Pointer s = srcOffset == 0 ? src : src.withByteOffset(srcOffset);
    Pointer d = dstOffset == 0 ? dst : dst.withByteOffset(dstOffset);
    long t0 = System.nanoTime();
    int r = JCuda.cudaMemcpy(d, s, bytes, direction);
    int r2 = JCuda.cudaDeviceSynchronize();
    long dt = System.nanoTime() - t0;
    runtime(r, "cudaMemcpy", bytes);
    runtime(r2, "cudaDeviceSynchronize", bytes);
    return dt;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Live> all = new ArrayList<>(live.values());
    all.addAll(transferBuffers);
    live.clear();
    transferBuffers.clear();
    for (Live l : all) {
      try {
        release(l);
      } catch (RuntimeException e) {
        // keep freeing the rest
      }
    }
    if (stream != null) {
      JCudaDriver.cuStreamSynchronize(stream);
      if (pool != null) {
        JCudaDriver.cuMemPoolDestroy(pool);
      }
      JCudaDriver.cuStreamDestroy(stream);
    }
    hostPageable = null;
    JCuda.cudaDeviceSynchronize();
    JCudaDriver.cuDevicePrimaryCtxRelease(dev);
  }

  /** Allocations still held; 0 after close. */
  int liveAllocations() {
    return live.size() + transferBuffers.size();
  }

  private void ensurePool() {
    if (pool != null) {
      return;
    }
    stream = new CUstream();
    check(JCudaDriver.cuStreamCreate(stream, 0), "cuStreamCreate");
    CUmemPoolProps props = new CUmemPoolProps();
    props.allocType = CUmemAllocationType.CU_MEM_ALLOCATION_TYPE_PINNED;
    props.handleTypes = CUmemAllocationHandleType.CU_MEM_HANDLE_TYPE_NONE;
    props.location = new CUmemLocation(CUmemLocationType.CU_MEM_LOCATION_TYPE_DEVICE, info.index());
    CUmemoryPool p = new CUmemoryPool();
    check(JCudaDriver.cuMemPoolCreate(p, props), "cuMemPoolCreate");
    pool = p;
  }

  private void confined() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a device session is confined to the thread that opened it");
    }
    if (closed) {
      throw new IllegalStateException("the device session is closed");
    }
  }

  private static void runtime(int result, String call, long bytes) {
    if (result != cudaError.cudaSuccess) {
      throw new ProbeException(
          call + " of " + bytes + " bytes failed: " + cudaError.stringFor(result));
    }
  }

  private static void driver(int result, String call, long bytes) {
    if (result != 0) {
      throw new ProbeException(
          call + " of " + bytes + " bytes failed: " + jcuda.driver.CUresult.stringFor(result));
    }
  }
}
