#!/usr/bin/env bash
# The console on the large demo fleet (500 nodes, 4,000 GPUs, 10,000 pods in 10 clusters,
# 200 pod events/s): p99 of the gap between FX pulses while the events flow, against the same
# window idle before it connects (baseline, same run), and the heap after load.
# The simulated API servers run in their own process (fleetscope demo-serve), as real API
# servers run on other machines; on a 2-core box they still share the cores, so they run at a
# lower CPU priority (nice 10). Needs xvfb-run.
# Usage: bench/large-fleet.sh [SECONDS]   (measured window, default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
./fleetscope --version >/dev/null
tmp="$(mktemp -d)"
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
nice -n 10 ./fleetscope demo-serve --demo-size large --kubeconfig-out "$tmp/kubeconfig" \
  >"$tmp/serve.log" 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null; wait $serve 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 600); do grep -q READY "$tmp/serve.log" && break; sleep 0.5; done
grep -q READY "$tmp/serve.log" || { cat "$tmp/serve.log"; echo "demo-serve did not start" >&2; exit 1; }
contexts=()
for c in $(sed -n 's/^contexts: //p' "$tmp/serve.log"); do contexts+=(--context "$c"); done
FLEETSCOPE_JAVA_OPTS="-Dfleetscope.bench.seconds=${1:-30} ${FLEETSCOPE_JAVA_OPTS:-}" \
  xvfb-run -a -s "-screen 0 1600x1000x24" ./fleetscope bench large-fleet \
  --kubeconfig "$tmp/kubeconfig" "${contexts[@]}"
echo "demo-serve: $(grep 'pod status patches' "$tmp/serve.log" | tail -3 | tr '\n' ' ')"
