package dev.fleetscope.probe.jcuda;

import dev.fleetscope.probe.profile.Percentiles;
import java.io.PrintStream;
import java.util.Locale;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * A diagnostic for {@code gpu-probe --bench gpu}: cuMemAlloc/cuMemFree through JCuda's driver
 * binding, timed exactly like the cudaMalloc figures, so a gap to the C reference can be placed in
 * the runtime library or in the process.
 */
public final class DriverAllocBench {
  private DriverAllocBench() {}

  public static void run(int device, long[] sizes, int iterations, PrintStream out) {
    JCudaDriver.cuInit(0);
    CUdevice dev = new CUdevice();
    JCudaProbe.check(JCudaDriver.cuDeviceGet(dev, device), "cuDeviceGet");
    CUcontext ctx = new CUcontext();
    JCudaProbe.check(JCudaDriver.cuDevicePrimaryCtxRetain(ctx, dev), "cuDevicePrimaryCtxRetain");
    try {
      JCudaProbe.check(JCudaDriver.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
      for (long size : sizes) {
        long[] alloc = new long[iterations];
        long[] free = new long[iterations];
        for (int i = -20; i < iterations; i++) {
          CUdeviceptr p = new CUdeviceptr();
          long t0 = System.nanoTime();
          JCudaProbe.check(JCudaDriver.cuMemAlloc(p, size), "cuMemAlloc");
          long t1 = System.nanoTime();
          JCudaProbe.check(JCudaDriver.cuMemFree(p), "cuMemFree");
          long t2 = System.nanoTime();
          if (i >= 0) {
            alloc[i] = t1 - t0;
            free[i] = t2 - t1;
          }
        }
        out.printf(
            Locale.ROOT,
            "{\"impl\":\"jcuda\",\"test\":\"cuMemAlloc_%dMiB\",\"median_us\":%.2f,\"p10_us\":%.2f}%n"
                + "{\"impl\":\"jcuda\",\"test\":\"cuMemFree_%dMiB\",\"median_us\":%.2f,\"p10_us\":%.2f}%n",
            size >> 20,
            Percentiles.of(alloc, iterations).median() / 1000.0,
            Percentiles.quantile(alloc, 0.1) / 1000.0,
            size >> 20,
            Percentiles.of(free, iterations).median() / 1000.0,
            Percentiles.quantile(free, 0.1) / 1000.0);
      }
    } finally {
      JCudaDriver.cuCtxSetCurrent(new CUcontext());
      JCudaDriver.cuDevicePrimaryCtxRelease(dev);
    }
  }
}
