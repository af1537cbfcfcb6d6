#!/usr/bin/env bash
# The console on the large demo fleet (500 nodes, 4,000 GPUs, 10,000 pods in 10 clusters,
# 200 pod events/s): p99 of the gap between FX pulses while the events flow, against the same
# window idle before it connects (baseline, same run), and the heap after load.
# The simulated API servers run in their own process (fleetscope demo-serve), as real API
# servers run on other machines; on a 2-core box they still share the cores, so they run at a
# lower CPU priority (nice 10). Needs xvfb-run.
# Usage: bench/large-fleet.sh [SECONDS]   (measured window, default 30)
exec "$(dirname "$0")/serve-and-bench.sh" large large-fleet "${1:-30}"
