#!/usr/bin/env bash
# Shared by the fleet benchmarks: serves a demo fleet of the given size from its own process
# (`fleetscope demo-serve`, at nice 10, as real API servers run elsewhere), then runs the named
# console benchmark under Xvfb against the kubeconfig it wrote, and prints the served patch rate.
# Usage: bench/serve-and-bench.sh DEMO_SIZE BENCH_NAME [SECONDS]
# FLEETSCOPE_LAUNCHER runs the console from another launcher (an installed package or the app
# image, dist/fleetscope/bin/fleetscope); demo-serve always runs from the checkout.
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
launcher="${FLEETSCOPE_LAUNCHER:-./fleetscope}"
opts="-Dfleetscope.bench.seconds=$seconds ${FLEETSCOPE_JAVA_OPTS:-}"
if [[ "$launcher" == ./fleetscope ]]; then
  FLEETSCOPE_JAVA_OPTS="$opts" xvfb-run -a -s "-screen 0 1600x1000x24" ./fleetscope bench "$bench" \
    --kubeconfig "$tmp/kubeconfig" "${contexts[@]}"
else
  # A packaged launcher (e.g. dist/fleetscope/bin/fleetscope) takes JVM options this way only.
  JAVA_TOOL_OPTIONS="$opts" xvfb-run -a -s "-screen 0 1600x1000x24" "$launcher" bench "$bench" \
    --kubeconfig "$tmp/kubeconfig" "${contexts[@]}"
fi
echo "demo-serve: $(grep 'pod status patches' "$tmp/serve.log" | tail -3 | tr '\n' ' ')"
