#!/usr/bin/env bash
# Puts what run-on-gpu.sh needs into .probe-gpu/ (git-ignored): the portable bundle, the probe's
# test classes, JUnit's console launcher and AssertJ. Run after ./mvnw install.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf .probe-gpu && mkdir -p .probe-gpu/kit
cp gpu-probe/target/gpu-probe-*-linux-x86_64.tar.gz .probe-gpu/
cp -r gpu-probe/target/test-classes .probe-gpu/kit/
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp "$m2"/org/junit/platform/junit-platform-console-standalone/1.11.4/*.jar \
   "$m2"/org/assertj/assertj-core/3.26.3/assertj-core-3.26.3.jar .probe-gpu/kit/
du -sh .probe-gpu
