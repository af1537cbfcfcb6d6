#!/usr/bin/env bash
# Shared by the fleet benchmarks: serves a demo fleet of the given size from its own process
# (`fleetscope demo-serve`, at nice 10, as real API servers run elsewhere), then runs the named
# console benchmark under Xvfb against the kubeconfig it wrote, and prints the served patch rate.
# Usage: bench/serve-and-bench.sh DEMO_SIZE BENCH_NAME [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
size="$1" bench="$2" seconds="${3:-30}"
./fleetscope --version >/dev/null
tmp="$(mktemp -d)"
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
nice -n 10 ./fleetscope demo-serve --demo-size "$size" --kubeconfig-out "$tmp/kubeconfig" \
  >"$tmp/serve.log" 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null; wait $serve 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 600); do grep -q READY "$tmp/serve.log" && break; sleep 0.5; done
grep -q READY "$tmp/serve.log" || { cat "$tmp/serve.log"; echo "demo-serve did not start" >&2; exit 1; }
contexts=()
for c in $(sed -n 's/^contexts: //p' "$tmp/serve.log"); do contexts+=(--context "$c"); done
FLEETSCOPE_JAVA_OPTS="-Dfleetscope.bench.seconds=$seconds ${FLEETSCOPE_JAVA_OPTS:-}" \
  xvfb-run -a -s "-screen 0 1600x1000x24" ./fleetscope bench "$bench" \
  --kubeconfig "$tmp/kubeconfig" "${contexts[@]}"
echo "demo-serve: $(grep 'pod status patches' "$tmp/serve.log" | tail -3 | tr '\n' ' ')"
