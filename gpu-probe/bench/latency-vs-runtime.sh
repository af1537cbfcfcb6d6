#!/usr/bin/env bash
# cudaMalloc latency: JCuda (CUDA 12.6 runtime, static) against C references built with every
# CUDA toolkit found on the GPU host (runtime linked statically, as nvcc does by default), and with
# every other libcudart.so found there (e.g. PyTorch's pip-installed runtime, linked dynamically),
# to tell the runtime version's share of a gap. `ref-*-keep` holds the copy buffers through the
# latency loops, as gpu-probe did before 2026-11-24's second GPU run.
#   gpu-probe/bench/prepare-kit.sh && <on the GPU host> gpu-probe/bench/latency-vs-runtime.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p /tmp/gp && tar -C /tmp/gp -xzf .probe-gpu/gpu-probe-*-linux-x86_64.tar.gz
probe=/tmp/gp/gpu-probe/bin/gpu-probe
ls -d /usr/local/cuda* /opt/cuda* 2>/dev/null
refs=()
nvccs=$(ls /usr/local/cuda*/bin/nvcc /opt/cuda*/bin/nvcc 2>/dev/null | sort -u; command -v nvcc)
for nvcc in $nvccs; do
  v="$("$nvcc" --version | sed -n 's/.*release \([0-9.]*\),.*/\1/p')"
  [[ -e "/tmp/ref-$v" ]] && continue
  "$nvcc" -O2 -o "/tmp/ref-$v" gpu-probe/bench/reference.cu -lcuda && refs+=("/tmp/ref-$v")
done
nvcc="$(echo "$nvccs" | tail -1)"
for so in $(find / -xdev -name 'libcudart.so.[0-9]*' -not -path '/proc/*' 2>/dev/null | sort -u); do
  real="$(readlink -f "$so")"
  v="$(basename "$real" | sed 's/libcudart\.so\.//')"
  [[ -e "/tmp/ref-so-$v" ]] && continue
  echo "libcudart: $so -> $real"
  "$nvcc" -O2 -cudart none -o "/tmp/ref-so-$v" gpu-probe/bench/reference.cu -lcuda \
    -L"$(dirname "$real")" -l:"$(basename "$real")" -Xlinker -rpath="$(dirname "$real")" \
    && refs+=("/tmp/ref-so-$v")
done
echo "references: ${refs[*]}"
for round in 1 2 3 4 5 6 7 8 9; do
  for r in "${refs[@]}"; do taskset -c 3 "$r" | sed "s/\"cuda-c\"/\"cuda-c-$(basename "$r")\"/"; done
  taskset -c 3 "${refs[0]}" keep | sed "s/\"cuda-c\"/\"cuda-c-$(basename "${refs[0]}")-keep\"/"
  taskset -c 3 "$probe" --bench gpu
done | grep -E "Malloc|Free|Alloc" | tee "${OUT:-/tmp}/latency-vs-runtime.jsonl"
