#!/usr/bin/env bash
# Runs gpu-probe's tests and benchmarks on a CUDA host from a kit made by prepare-kit.sh (the
# portable bundle, the test classes, JUnit's console launcher); needs nvcc for the C reference
# and PyTorch for the allocator comparison. Writes logs and result JSON under $OUT (or /tmp/probe-out).
#   gpu-probe/bench/prepare-kit.sh && <on the GPU host> gpu-probe/bench/run-on-gpu.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
kit=.probe-gpu
out="${OUT:-/tmp/probe-out}"
mkdir -p "$out" /tmp/gp
tar -C /tmp/gp -xzf "$kit"/gpu-probe-*-linux-x86_64.tar.gz
probe=/tmp/gp/gpu-probe/bin/gpu-probe
bench="$(dirname "$0")"
section() { echo; echo "=== $* ==="; }

section device
nvidia-smi --query-gpu=name,driver_version,pcie.link.gen.max,pcie.link.width.max,pcie.link.gen.current,memory.total --format=csv 2>&1 | head -3
"$probe" --version
"$probe" --list-devices

section tests
/tmp/gp/gpu-probe/runtime/bin/java -jar "$kit"/kit/junit-platform-console-standalone-*.jar execute \
  --class-path "$kit/kit/test-classes:$(ls "$kit"/kit/assertj-core-*.jar):$(ls /tmp/gp/gpu-probe/lib/*.jar | tr '\n' ':')" \
  --select-package dev.fleetscope.probe --details=tree --disable-banner --disable-ansi-colors \
  2>&1 | grep -v -E "ProviderNotFound|Error scanning files|^WARNING|^$|^[A-Z][a-z]{2} [0-9]+, 20" \
  | tee "$out/gpu-tests.txt" | tail -60

section "VMM: cuMemCreate with zeroed and non-zero reserved bytes"
nvcc -o /tmp/vmm_check "$bench/vmm_check.cu" -lcuda && /tmp/vmm_check

section "C reference vs probe (9 rounds, alternating, both on CPU 3)"
if [[ -z "${SKIP_BENCH:-}" ]]; then
nvcc -O2 -o /tmp/reference "$bench/reference.cu" -lcuda || echo "nvcc failed"
for round in 1 2 3 4 5 6 7 8 9; do
  taskset -c 3 /tmp/reference
  taskset -c 3 "$probe" --bench gpu
done | tee "$out/bench-gpu.jsonl"
fi

section "model replay speed"
"$probe" --bench model | tee "$out/bench-model.jsonl"

# SKIP_TORCH=1 / SKIP_TRANSFERS=1 leave out the longer sections when re-running a part.
section "model vs PyTorch's real allocator"
[[ -n "${SKIP_TORCH:-}" ]] || for w in llama3-8b-fp16 llama3-70b-tp8 kv-cache:blocks=8192 prefill-decode-churn:steps=300; do
  confs=("" "expandable_segments:True")
  [[ "$w" == prefill* ]] && confs+=("max_split_size_mb:64" "roundup_power2_divisions:4")
  for conf in "${confs[@]}"; do
    "$probe" --quiet --workload "$w" --allocator model ${conf:+--alloc-conf "$conf"} \
      --out /tmp/model.json --export-events /tmp/events.txt >/dev/null
    echo "{\"workload\":\"$w\",\"conf\":\"$conf\",\"result\":$(python3 "$bench/torch_replay.py" /tmp/events.txt /tmp/model.json "$conf" 2>&1 | tail -1)}"
  done
done | tee "$out/model-vs-torch.jsonl"

section "a real PyTorch allocator snapshot (format reference for the GPU memory map view)"
[[ -n "${SKIP_SNAPSHOT:-}" ]] || {
  "$probe" --quiet --workload prefill-decode-churn:steps=100 --export-events /tmp/churn.txt >/dev/null
  python3 "$bench/snapshot_capture.py" /tmp/churn.txt "$out/torch-snapshot-churn100.pickle" 2>&1 | tail -3
}

section "measured allocation profiles"
"$probe" --workload llama3-8b-fp16 --allocator cudaMalloc,pool,vmm,model --out "$out/llama3-8b.json" | tail -25
"$probe" --quiet --workload kv-cache:blocks=1024 --allocator pinned,cudaMalloc --out "$out/kv-pinned.json" | head -20

section "transfer sweep"
[[ -n "${SKIP_TRANSFERS:-}" ]] || "$probe" --transfers --out "$out/transfers.json" | tail -100
