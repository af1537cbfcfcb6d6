// What puts a process's 64 MiB cudaMalloc in the fast or the slow mode (docs/benchmarks.md)?
// Prints, per phase of 200 malloc/free pairs, the median latency, the CPU the thread ran on, the
// returned address's alignment and how many distinct addresses came back.
//   nvcc -O2 -o malloc_mode malloc_mode.cu && for i in $(seq 20); do ./malloc_mode; done
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <vector>
#include <sched.h>
#include <unistd.h>
#include <cuda_runtime.h>

static long long now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int main() {
  if (cudaSetDevice(0) != cudaSuccess) return 1;
  const size_t sizes[] = {2ull << 20, 64ull << 20};
  for (int phase = 0; phase < 4; phase++) {
    for (size_t size : sizes) {
      std::vector<long long> t;
      std::set<unsigned long long> addrs;
      int align = 64;
      for (int i = -20; i < 200; i++) {
        void* p;
        long long t0 = now_ns();
        if (cudaMalloc(&p, size) != cudaSuccess) return 1;
        long long t1 = now_ns();
        cudaFree(p);
        if (i < 0) continue;
        t.push_back(t1 - t0);
        unsigned long long a = (unsigned long long)p;
        addrs.insert(a);
        align = std::min(align, __builtin_ctzll(a));
      }
      std::sort(t.begin(), t.end());
      std::printf("{\"pid\":%d,\"phase\":%d,\"MiB\":%zu,\"median_us\":%.1f,\"cpu\":%d,"
                  "\"align_log2\":%d,\"distinct\":%zu,\"first\":\"%llx\"}\n",
                  getpid(), phase, size >> 20, t[t.size() / 2] / 1000.0, sched_getcpu(), align,
                  addrs.size(), *addrs.begin());
    }
    usleep(200000);
  }
  return 0;
}
