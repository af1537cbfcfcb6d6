#!/usr/bin/env bash
# Startup to first frame: the console on the demo fleet (--smoke-test) against a minimal JavaFX
# window started and measured the same way, alternating, RUNS times each; prints medians and
# the ratio. Needs xvfb-run. Usage: bench/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
./fleetscope --version >/dev/null   # builds if needed, outside the measurement
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
console=() ; minimal=()
for i in $(seq "$runs"); do
  xvfb-run -a ./fleetscope bench minimal-window >"$tmp/min.log" 2>&1
  minimal+=("$(awk '/^RESULT minimal-window-first-frame/ {print $3}' "$tmp/min.log")")
  rm -rf "$tmp/smoke"
  xvfb-run -a ./fleetscope --smoke-test "$tmp/smoke" >"$tmp/smoke.log" 2>&1
  console+=("$(sed -n 's/.*"startupToFirstFrameMs" : \([0-9]*\).*/\1/p' "$tmp/smoke/smoke.json")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mc="$(median "${console[@]}")"; mm="$(median "${minimal[@]}")"
echo "console first frame (ms): ${console[*]}"
echo "minimal window first frame (ms): ${minimal[*]}"
echo "RESULT minimal-window-first-frame $mm ms"
awk -v c="$mc" -v m="$mm" 'BEGIN {printf "RESULT startup-first-frame %s ms %.2fx\n", c, c/m}'
