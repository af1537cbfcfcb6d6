#!/usr/bin/env bash
# cudaMalloc latency: JCuda (CUDA 12.6 runtime, static) against C references built with every
# CUDA toolkit found on the GPU host, to tell the runtime version's share of the gap.
#   gpu-probe/bench/prepare-kit.sh && <on the GPU host> gpu-probe/bench/latency-vs-runtime.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p /tmp/gp && tar -C /tmp/gp -xzf .probe-gpu/gpu-probe-*-linux-x86_64.tar.gz
probe=/tmp/gp/gpu-probe/bin/gpu-probe
ls -d /usr/local/cuda* /opt/cuda* 2>/dev/null
refs=()
for nvcc in $(ls /usr/local/cuda*/bin/nvcc /opt/cuda*/bin/nvcc 2>/dev/null | sort -u) $(command -v nvcc); do
  v="$("$nvcc" --version | sed -n 's/.*release \([0-9.]*\),.*/\1/p')"
  [[ -e "/tmp/ref-$v" ]] && continue
  "$nvcc" -O2 -o "/tmp/ref-$v" gpu-probe/bench/reference.cu -lcuda && refs+=("/tmp/ref-$v")
done
echo "references: ${refs[*]}"
for round in 1 2 3 4 5 6 7; do
  for r in "${refs[@]}"; do taskset -c 3 "$r" | sed "s/\"cuda-c\"/\"cuda-c-$(basename "$r")\"/"; done
  taskset -c 3 "$probe" --bench gpu
done | grep -E "Malloc|Free" | tee "${OUT:-/tmp}/latency-vs-runtime.jsonl"
