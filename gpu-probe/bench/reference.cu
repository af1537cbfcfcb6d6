// The CUDA C reference for gpu-probe's benchmarks (docs/benchmarks.md): the same measurements
// `gpu-probe --bench gpu` makes through JCuda, written straight against the CUDA runtime.
//   nvcc -O2 -o reference reference.cu -lcuda && ./reference
// Prints one JSON object per line, with the same test names as the probe.
// `./reference keep` holds the copy buffers through the latency loops instead of freeing them
// first (the state gpu-probe measured cudaMalloc in before 2026-11-24's second GPU run).
// `./reference reserve` first reserves 32 GiB of address space (PROT_NONE, as a JVM reserves its
// heap), to see whether the process's address-space layout moves cudaMalloc's latency.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include <sys/mman.h>
#include <cuda.h>
#include <cuda_runtime.h>

static void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) {
    std::fprintf(stderr, "%s: %s\n", what, cudaGetErrorString(e));
    std::exit(1);
  }
}

static long long now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// nearest rank, as the probe's Percentiles.quantile
static long long quantile(std::vector<long long> v, double q) {
  std::sort(v.begin(), v.end());
  size_t i = (size_t)std::ceil(q * v.size()) - 1;
  return v[std::min(i, v.size() - 1)];
}

static long long median(std::vector<long long> v) {
  std::sort(v.begin(), v.end());
  // nearest rank, as the probe's Percentiles
  size_t i = (v.size() + 1) / 2 - 1;
  return v[i];
}

// One JSON line per call timed, in the probe's format: median and p10 of the calls, in us.
static void print_latency(const char* test, size_t size, const std::vector<long long>& t) {
  std::printf("{\"impl\":\"cuda-c\",\"test\":\"%s_%zuMiB\",\"median_us\":%.2f,"
              "\"p10_us\":%.2f}\n",
              test, size >> 20, median(t) / 1000.0, quantile(t, 0.1) / 1000.0);
}

int main(int argc, char** argv) {
  const bool keep = argc > 1 && std::string(argv[1]) == "keep";
  if (argc > 1 && std::string(argv[1]) == "reserve") {
    void* r = mmap(nullptr, 32ull << 30, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (r == MAP_FAILED) return 1;
  }
  const size_t copy_bytes = 256ull << 20;
  const int copies = 20;
  const int alloc_iterations = 500;
  check(cudaSetDevice(0), "cudaSetDevice");
  void* dev = nullptr;
  void* host = nullptr;
  check(cudaMalloc(&dev, copy_bytes), "cudaMalloc");
  check(cudaMallocHost(&host, copy_bytes), "cudaMallocHost");
  check(cudaMemset(dev, 1, copy_bytes), "cudaMemset");
  for (int dir = 0; dir < 2; dir++) {
    std::vector<long long> t;
    for (int i = 0; i < 3 + copies; i++) {
      long long t0 = now_ns();
      if (dir == 0) {
        check(cudaMemcpy(dev, host, copy_bytes, cudaMemcpyHostToDevice), "cudaMemcpy");
      } else {
        check(cudaMemcpy(host, dev, copy_bytes, cudaMemcpyDeviceToHost), "cudaMemcpy");
      }
      check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
      long long dt = now_ns() - t0;
      if (i >= 3) t.push_back(dt);
    }
    double gbps = (double)copy_bytes / median(t);
    std::printf("{\"impl\":\"cuda-c\",\"test\":\"%s_pinned_256MiB\",\"median_gbps\":%.3f}\n",
                dir == 0 ? "h2d" : "d2h", gbps);
  }
  if (!keep) {
    check(cudaFree(dev), "cudaFree");
    check(cudaFreeHost(host), "cudaFreeHost");
  }
  const size_t sizes[] = {2ull << 20, 64ull << 20};
  for (size_t size : sizes) {
    std::vector<long long> a, f;
    for (int i = 0; i < 20; i++) {
      void* p;
      check(cudaMalloc(&p, size), "cudaMalloc");
      check(cudaFree(p), "cudaFree");
    }
    for (int i = 0; i < alloc_iterations; i++) {
      void* p;
      long long t0 = now_ns();
      check(cudaMalloc(&p, size), "cudaMalloc");
      long long t1 = now_ns();
      check(cudaFree(p), "cudaFree");
      long long t2 = now_ns();
      a.push_back(t1 - t0);
      f.push_back(t2 - t1);
    }
    print_latency("cudaMalloc", size, a);
    print_latency("cudaFree", size, f);
  }
  // The driver API's cuMemAlloc, the same way (the probe prints the same pair through JCuda).
  CUcontext ctx;
  cuCtxGetCurrent(&ctx);
  for (size_t size : sizes) {
    std::vector<long long> a, f;
    for (int i = -20; i < alloc_iterations; i++) {
      CUdeviceptr p;
      long long t0 = now_ns();
      if (cuMemAlloc(&p, size) != CUDA_SUCCESS) return 1;
      long long t1 = now_ns();
      if (cuMemFree(p) != CUDA_SUCCESS) return 1;
      long long t2 = now_ns();
      if (i >= 0) {
        a.push_back(t1 - t0);
        f.push_back(t2 - t1);
      }
    }
    print_latency("cuMemAlloc", size, a);
    print_latency("cuMemFree", size, f);
  }
  return 0;
}
