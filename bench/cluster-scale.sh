#!/usr/bin/env bash
# One cluster of 500 nodes and 10,000 pods with 200 pod events/s (demo-serve --demo-size scale):
# time from connect to a fully populated Pods table against `kubectl get pods -A -o json` on the
# same API server (baseline, same run, median of 3); FX pulse gap p99 with the Pods section open
# while events stream, against the same window idle before it connects; heap after load.
# The simulated API server runs in its own process at nice 10 (bench/serve-and-bench.sh).
# Needs xvfb-run and kubectl.
# Usage: bench/cluster-scale.sh [SECONDS]   (measured window, default 30)
exec "$(dirname "$0")/serve-and-bench.sh" scale cluster-scale "${1:-30}"
