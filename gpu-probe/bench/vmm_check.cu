// Checks cuMemCreate with the allocation properties the probe uses, once with the struct zeroed
// and once with its reserved bytes left non-zero, to tell whether a binding that does not clear
// them (JCuda 12.6.0's CUmemAllocationProp has no 'reserved' field) gets CUDA_ERROR_INVALID_VALUE.
//   nvcc -o vmm_check vmm_check.cu -lcuda && ./vmm_check
#include <cstdio>
#include <cstring>
#include <cuda.h>

static int create(bool dirty) {
  CUmemAllocationProp prop;
  std::memset(&prop, dirty ? 0xAB : 0, sizeof prop);
  prop.type = CU_MEM_ALLOCATION_TYPE_PINNED;
  prop.requestedHandleTypes = CU_MEM_HANDLE_TYPE_NONE;
  prop.location.type = CU_MEM_LOCATION_TYPE_DEVICE;
  prop.location.id = 0;
  prop.win32HandleMetaData = nullptr;
  prop.allocFlags.compressionType = 0;
  prop.allocFlags.gpuDirectRDMACapable = 0;
  prop.allocFlags.usage = 0;
  size_t g = 0;
  CUresult gr = cuMemGetAllocationGranularity(&g, &prop, CU_MEM_ALLOC_GRANULARITY_MINIMUM);
  CUmemGenericAllocationHandle h;
  CUresult r = cuMemCreate(&h, 32ull << 20, &prop, 0);
  const char* name = nullptr;
  cuGetErrorName(r, &name);
  std::printf("{\"reserved_bytes\":\"%s\",\"granularity_result\":%d,\"granularity\":%zu,"
              "\"cuMemCreate\":\"%s\"}\n", dirty ? "non-zero" : "zero", (int)gr, g, name);
  if (r == CUDA_SUCCESS) cuMemRelease(h);
  return r;
}

int main() {
  cuInit(0);
  CUdevice d;
  cuDeviceGet(&d, 0);
  CUcontext c;
  cuDevicePrimaryCtxRetain(&c, d);
  cuCtxSetCurrent(c);
  create(false);
  create(true);
  return 0;
}
