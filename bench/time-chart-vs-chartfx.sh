#!/usr/bin/env bash
# The console's TimeChart against ChartFX 11.3.1 (io.fair-acc:chartfx), 1,000,000 points in the
# same 1260x400 window, alternating in 3 rounds of 40 frames (ADR 0009). ChartFX is not a
# dependency of the console: bench/chartfx is a project of its own, built here against the
# fleetscope-views that `./mvnw install` put in the local repository.
# Needs xvfb-run (Debian package xvfb). Usage: bench/time-chart-vs-chartfx.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -q -B install -DskipTests -pl services,gpu-probe,views -am
./mvnw -q -B -f bench/chartfx/pom.xml package dependency:copy-dependencies \
  -DoutputDirectory=target/lib
exec xvfb-run -a -s "-screen 0 1600x1000x24" java -XX:+UseSerialGC \
  -cp "bench/chartfx/target/fleetscope-bench-chartfx-0.1.0-SNAPSHOT.jar:bench/chartfx/target/lib/*" \
  dev.fleetscope.bench.TimeChartVsChartFx
