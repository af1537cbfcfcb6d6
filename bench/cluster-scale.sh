#!/usr/bin/env bash
# One cluster of 500 nodes and 10,000 pods with 200 pod events/s (demo-serve --demo-size scale):
# time from connect to a fully populated Pods table against `kubectl get pods -A -o json` on the
# same API server (baseline, same run, median of 3); FX pulse gap p99 with the Pods section open
# while events stream, against the same window idle before it connects; heap after load.
# The simulated API server runs in its own process at nice 10 (see bench/large-fleet.sh).
# Needs xvfb-run and kubectl.
# Usage: bench/cluster-scale.sh [SECONDS]   (measured window, default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
./fleetscope --version >/dev/null
tmp="$(mktemp -d)"
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
nice -n 10 ./fleetscope demo-serve --demo-size scale --kubeconfig-out "$tmp/kubeconfig" \
  >"$tmp/serve.log" 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null; wait $serve 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 600); do grep -q READY "$tmp/serve.log" && break; sleep 0.5; done
grep -q READY "$tmp/serve.log" || { cat "$tmp/serve.log"; echo "demo-serve did not start" >&2; exit 1; }
contexts=()
for c in $(sed -n 's/^contexts: //p' "$tmp/serve.log"); do contexts+=(--context "$c"); done
FLEETSCOPE_JAVA_OPTS="-Dfleetscope.bench.seconds=${1:-30} ${FLEETSCOPE_JAVA_OPTS:-}" \
  xvfb-run -a -s "-screen 0 1600x1000x24" ./fleetscope bench cluster-scale \
  --kubeconfig "$tmp/kubeconfig" "${contexts[@]}"
echo "demo-serve: $(grep 'pod status patches' "$tmp/serve.log" | tail -3 | tr '\n' ' ')"
