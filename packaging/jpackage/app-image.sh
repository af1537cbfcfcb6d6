#!/usr/bin/env bash
# Builds a self-contained Fleetscope app image (its own Java runtime, no JDK needed to run) into
# dist/fleetscope/. Run it from anywhere; it builds the app first.
#   packaging/jpackage/app-image.sh && dist/fleetscope/bin/fleetscope --version
# Full installers (.deb/.rpm, jlinked JavaFX runtime, AppCDS) are a later issue.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -q -B -DskipTests -Dspotless.check.skip=true install
version="$(sed -n 's/^version=//p' app/target/classes/dev/fleetscope/app/version.properties)"
app_version="${version%%-*}"
input="$(mktemp -d)"
trap 'rm -rf "$input"' EXIT
cp app/target/fleetscope-app.jar "$input/"
cp app/target/lib/*.jar "$input/"
rm -rf dist/fleetscope
mkdir -p dist
# The JDK modules the app and its libraries use (jdeps over the jars, plus jdk.crypto.ec for
# TLS to API servers and jdk.httpserver for the demo's metrics endpoint).
modules="$(tr -d ' \n' < packaging/jpackage/modules.txt)"
jpackage --type app-image \
  --name fleetscope \
  --app-version "$app_version" \
  --vendor "Fleetscope" \
  --description "Operator console for LLM inference fleets on Kubernetes GPU clusters" \
  --input "$input" \
  --main-jar fleetscope-app.jar \
  --main-class dev.fleetscope.app.Main \
  --add-modules "$modules" \
  --java-options "-XX:+UseSerialGC" \
  --dest dist
echo "app image: dist/fleetscope (run dist/fleetscope/bin/fleetscope)"
