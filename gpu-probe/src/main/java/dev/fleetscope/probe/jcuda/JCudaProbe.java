package dev.fleetscope.probe.jcuda;

import dev.fleetscope.probe.DeviceSession;
import dev.fleetscope.probe.GpuProbe;
import dev.fleetscope.probe.ProbeException;
import dev.fleetscope.probe.ProbeUnavailableException;
import dev.fleetscope.probe.device.DeviceInfo;
import dev.fleetscope.probe.device.PcieLink;
import dev.fleetscope.probe.device.PcieLinks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUmemAllocationGranularity_flags;
import jcuda.driver.CUmemAllocationProp;
import jcuda.driver.CUmemAllocationType;
import jcuda.driver.CUmemLocation;
import jcuda.driver.CUmemLocationType;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * The GPU probe on the CUDA driver, through JCuda. JCuda's runtime natives link the CUDA runtime
 * statically, so only the driver's libcuda.so.1 has to be on the host. Never uses managed memory.
 */
public final class JCudaProbe implements GpuProbe {
  private static final Path SYSFS_PCI = Path.of("/sys/bus/pci/devices");

  @Override
  public String name() {
    return "jcuda";
  }

  @Override
  public List<DeviceInfo> devices() {
    initDriver();
    int[] count = new int[1];
    check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
    if (count[0] == 0) {
      throw new ProbeUnavailableException(
          "no CUDA device: the driver found none on this host", null);
    }
    List<DeviceInfo> out = new ArrayList<>();
    for (int i = 0; i < count[0]; i++) {
      CUdevice dev = new CUdevice();
      check(JCudaDriver.cuDeviceGet(dev, i), "cuDeviceGet");
      CUcontext ctx = new CUcontext();
      check(JCudaDriver.cuDevicePrimaryCtxRetain(ctx, dev), "cuDevicePrimaryCtxRetain");
      try {
        check(JCudaDriver.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
        out.add(describe(i, dev));
      } finally {
        // JCuda refuses a Java null; an empty handle passes NULL, which unbinds the context.
        JCudaDriver.cuCtxSetCurrent(new CUcontext());
        JCudaDriver.cuDevicePrimaryCtxRelease(dev);
      }
    }
    return out;
  }

  @Override
  public DeviceSession open(int device) {
    initDriver();
    int[] count = new int[1];
    check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
    if (device < 0 || device >= count[0]) {
      throw new ProbeException(
          "device " + device + " does not exist; this host has " + count[0] + " CUDA device(s)");
    }
    CUdevice dev = new CUdevice();
    check(JCudaDriver.cuDeviceGet(dev, device), "cuDeviceGet");
    CUcontext ctx = new CUcontext();
    check(JCudaDriver.cuDevicePrimaryCtxRetain(ctx, dev), "cuDevicePrimaryCtxRetain");
    check(JCudaDriver.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
    DeviceInfo info = describe(device, dev);
    return new JCudaSession(info, dev, ctx);
  }

  static DeviceInfo describe(int index, CUdevice dev) {
    byte[] name = new byte[256];
    check(JCudaDriver.cuDeviceGetName(name, name.length, dev), "cuDeviceGetName");
    int len = 0;
    while (len < name.length && name[len] != 0) {
      len++;
    }
    long[] total = new long[1];
    long[] free = new long[1];
    check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
    boolean vmm =
        attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_VIRTUAL_MEMORY_MANAGEMENT_SUPPORTED)
            != 0;
    long min = 0;
    long recommended = 0;
    if (vmm) {
      CUmemAllocationProp prop = allocationProp(index);
      long[] g = new long[1];
      check(
          JCudaDriver.cuMemGetAllocationGranularity(
              g, prop, CUmemAllocationGranularity_flags.CU_MEM_ALLOC_GRANULARITY_MINIMUM),
          "cuMemGetAllocationGranularity");
      min = g[0];
      check(
          JCudaDriver.cuMemGetAllocationGranularity(
              g, prop, CUmemAllocationGranularity_flags.CU_MEM_ALLOC_GRANULARITY_RECOMMENDED),
          "cuMemGetAllocationGranularity");
      recommended = g[0];
    }
    int domain = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_PCI_DOMAIN_ID);
    int bus = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_PCI_BUS_ID);
    int slot = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_PCI_DEVICE_ID);
    PcieLink link = PcieLinks.read(SYSFS_PCI, domain, bus, slot);
    int[] driver = new int[1];
    check(JCudaDriver.cuDriverGetVersion(driver), "cuDriverGetVersion");
    return new DeviceInfo(
        index,
        new String(name, 0, len, StandardCharsets.UTF_8),
        attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
        attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
        total[0],
        free[0],
        attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_TEXTURE_ALIGNMENT),
        min,
        recommended,
        attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED) != 0,
        vmm,
        attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
        PcieLinks.busId(domain, bus, slot),
        link,
        "CUDA driver " + driver[0] / 1000 + "." + (driver[0] % 1000) / 10);
  }

  static CUmemAllocationProp allocationProp(int device) {
    CUmemAllocationProp prop = new CUmemAllocationProp();
    prop.type = CUmemAllocationType.CU_MEM_ALLOCATION_TYPE_PINNED;
    prop.location = new CUmemLocation(CUmemLocationType.CU_MEM_LOCATION_TYPE_DEVICE, device);
    return prop;
  }

  private static int attribute(CUdevice dev, int attribute) {
    int[] v = new int[1];
    check(JCudaDriver.cuDeviceGetAttribute(v, attribute, dev), "cuDeviceGetAttribute");
    return v[0];
  }

  /** Why JCuda's natives did not load the first time; later attempts only see the class fail. */
  private static volatile String loadFailure;

  private static void initDriver() {
    int result;
    try {
      result = JCudaDriver.cuInit(0);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      if (loadFailure == null) {
        loadFailure = reason(e);
      }
      throw new ProbeUnavailableException("no CUDA driver: " + loadFailure, e);
    }
    if (result == CUresult.CUDA_ERROR_NO_DEVICE) {
      throw new ProbeUnavailableException(
          "no CUDA device: the driver found none on this host", null);
    }
    if (result != CUresult.CUDA_SUCCESS) {
      throw new ProbeUnavailableException(
          "the CUDA driver did not start: " + CUresult.stringFor(result), null);
    }
  }

  private static String reason(Throwable e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("libcuda")) {
      return "libcuda.so.1 could not be loaded";
    }
    return "JCuda's native library could not be loaded (" + m + ")";
  }

  static void check(int result, String call) {
    if (result != CUresult.CUDA_SUCCESS) {
      throw new ProbeException(call + " failed: " + CUresult.stringFor(result));
    }
  }
}
