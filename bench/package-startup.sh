#!/usr/bin/env bash
# Start-up of a packaged Fleetscope: the console's first frame on the demo fleet (bench
# console-first-frame) against a minimal JavaFX window (bench minimal-window) from the same
# launcher, runtime and AppCDS archive, alternating RUNS times each; then the console once more
# per run with the archive moved aside (so it needs write access to the installation). Also prints
# when the overview's tables, which come in the frame after the first, were laid out. Prints
# medians and ratios. Needs xvfb-run (or a display).
# Usage: bench/package-startup.sh [LAUNCHER] [RUNS]
#   LAUNCHER defaults to /opt/fleetscope/bin/fleetscope (the installed .deb); dist/fleetscope/bin/fleetscope
#   is the app image from packaging/jpackage/package.sh.
set -euo pipefail
launcher="${1:-/opt/fleetscope/bin/fleetscope}"
runs="${2:-7}"
archive="$(dirname "$(readlink -f "$launcher")")/../lib/app/fleetscope.jsa"
[[ -f "$archive" ]] || { echo "no AppCDS archive at $archive (see lib/dump-cds.sh)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"; [[ -f "$archive.off" ]] && mv "$archive.off" "$archive"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
x=()
[[ -z "${DISPLAY:-}" ]] && x=(xvfb-run -a -s "-screen 0 1440x900x24")
result() { awk -v n="$1" '$1 == "RESULT" && $2 == n {print $3}' "$tmp/out.log"; }
console=(); tables=(); minimal=(); nocds=()
for i in $(seq "$runs"); do
  "${x[@]}" "$launcher" bench minimal-window >"$tmp/out.log" 2>&1
  minimal+=("$(result minimal-window-first-frame)")
  "${x[@]}" "$launcher" bench console-first-frame >"$tmp/out.log" 2>&1
  console+=("$(result console-first-frame)")
  tables+=("$(result console-overview-tables)")
  # The launcher's own options name the archive, so it is moved aside for this run.
  mv "$archive" "$archive.off"
  "${x[@]}" "$launcher" bench console-first-frame >"$tmp/out.log" 2>&1 || true
  mv "$archive.off" "$archive"
  nocds+=("$(result console-first-frame)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mc="$(median "${console[@]}")"; mm="$(median "${minimal[@]}")"; mn="$(median "${nocds[@]}")"
echo "launcher: $launcher"
echo "console first frame, AppCDS (ms): ${console[*]}"
echo "console overview tables laid out, AppCDS (ms): ${tables[*]} (median $(median "${tables[@]}"))"
echo "console first frame, no archive (ms): ${nocds[*]}"
echo "minimal window first frame, AppCDS (ms): ${minimal[*]}"
awk -v c="$mc" -v m="$mm" -v n="$mn" 'BEGIN {
  printf "RESULT package-first-frame %s ms %.2fx of the minimal window (%s ms)\n", c, c/m, m
  printf "RESULT package-first-frame-without-archive %s ms (the archive saves %.0f%%)\n", n, 100*(1-c/n) }'
