#!/usr/bin/env bash
# The batch section on 200 vLLM replicas and Kueue with 50 ClusterQueues and 5,000 Workloads
# (demo-serve --demo-size batch, in its own process at nice 10): time from connect to the queue
# tables populated against `kubectl get workloads -A -o json` on the same API server (median of 3),
# and the console's CPU while it scrapes the 200 replicas every 15 s against the console idle.
# Needs xvfb-run and kubectl.
# Usage: bench/batch-scale.sh [SECONDS]   (CPU window, default 60)
exec "$(dirname "$0")/serve-and-bench.sh" batch batch-scale "${1:-60}"
