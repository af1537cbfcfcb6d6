#!/usr/bin/env bash
# Builds the portable gpu-probe bundle: a jlinked runtime with only the modules the probe uses,
# its jars, and of JCuda's natives only the driver and runtime libraries for linux-x86_64.
#   build-bundle.sh TARGET_DIR VERSION   ->  TARGET_DIR/gpu-probe-VERSION-linux-x86_64.tar.gz
set -euo pipefail
target="$(cd "$1" && pwd)"
version="$2"
src="$(cd "$(dirname "$0")" && pwd)"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
work="$target/bundle"
rm -rf "$work"
mkdir -p "$work/gpu-probe/lib" "$work/natives"
out="$work/gpu-probe"

# java.base, plus java.logging for JCuda's loader; SnakeYAML's java.desktop use is optional.
"$java_home/bin/jlink" --add-modules java.base,java.logging \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/runtime"

cp "$target/fleetscope-gpu-probe.jar" "$out/lib/"
for jar in "$target"/lib/*.jar; do
  case "$(basename "$jar")" in
    jcuda-natives-*) ;;
    *) cp "$jar" "$out/lib/" ;;
  esac
done
natives="$(ls "$target"/lib/jcuda-natives-*.jar)"
(cd "$work/natives" && "$java_home/bin/jar" xf "$natives" lib/ && \
  rm -f lib/libJNvPTXCompiler-* lib/libJNvrtc-* && \
  "$java_home/bin/jar" --create --file "$out/lib/$(basename "$natives")" lib)

mkdir -p "$out/bin" && cp "$src/bin/gpu-probe" "$out/bin/gpu-probe"
chmod +x "$out/bin/gpu-probe"
echo "$version" > "$out/VERSION"

tarball="$target/gpu-probe-$version-linux-x86_64.tar.gz"
tar -C "$work" -czf "$tarball" gpu-probe
rm -rf "$work/natives"
echo "gpu-probe bundle: $tarball ($(du -h "$tarball" | cut -f1))"
