#!/usr/bin/env bash
# The 64 MiB cudaMalloc latency is bimodal on the H100 host (docs/benchmarks.md): this alternates
# the C reference with the probe over many rounds (median and p10 of 500 calls each). VARIANTS=1
# adds the C reference with 32 GiB of address space reserved first (as a JVM does) and the probe
# with its JVM reservations shrunk, to tell whether the address space decides the mode.
#   gpu-probe/bench/prepare-kit.sh && <on the GPU host> gpu-probe/bench/malloc-modes.sh [rounds]
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p /tmp/gp && tar -C /tmp/gp -xzf .probe-gpu/gpu-probe-*-linux-x86_64.tar.gz
probe=/tmp/gp/gpu-probe/bin/gpu-probe
nvcc -O2 -o /tmp/ref gpu-probe/bench/reference.cu -lcuda || exit 1
small="-Xmx256m -XX:ReservedCodeCacheSize=32m -XX:CompressedClassSpaceSize=64m"
for round in $(seq "${1:-15}"); do
  taskset -c 3 /tmp/ref | sed 's/"cuda-c"/"c"/'
  taskset -c 3 "$probe" --bench gpu
  [[ -n "${VARIANTS:-}" ]] || continue
  taskset -c 3 /tmp/ref reserve | sed 's/"cuda-c"/"c-reserve"/'
  GPU_PROBE_JAVA_OPTS="$small" taskset -c 3 "$probe" --bench gpu | sed 's/"jcuda"/"jcuda-small"/'
done | grep -E "Malloc|Free|Alloc" | tee "${OUT:-/tmp}/malloc-modes.jsonl"
