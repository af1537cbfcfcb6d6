#!/usr/bin/env bash
# Builds Fleetscope's native packages into dist/:
#   dist/fleetscope/                 the app image (its own jlinked runtime; runs in place)
#   dist/fleetscope_<v>_amd64.deb    the Debian/Ubuntu package (installs into /opt/fleetscope)
#   dist/fleetscope-<v>.x86_64.rpm   the RPM, where rpmbuild exists
#   dist/gpu-probe-<v>-linux-x86_64.tar.gz   the GPU probe's portable bundle
#
# Usage: packaging/jpackage/package.sh [--no-build] [TYPE...]   TYPE: app-image deb rpm (default: all
# that this machine can make). --no-build packages what app/target already holds.
# Needs a JDK 17+ with jlink and jpackage; the .deb needs dpkg-deb and fakeroot. The AppCDS class
# list is recorded by starting the console once, under xvfb-run when there is no display.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

build=1
types=()
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    app-image|deb|rpm) types+=("$a") ;;
    *) echo "package.sh: unknown argument '$a' (types: app-image deb rpm; option: --no-build)" >&2; exit 2 ;;
  esac
done
if [[ ${#types[@]} -eq 0 ]]; then
  types=(app-image)
  command -v dpkg-deb >/dev/null && types+=(deb)
  command -v rpmbuild >/dev/null && types+=(rpm)
fi

if [[ $build -eq 1 ]]; then
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true install
fi
version="$(sed -n 's/^version=//p' app/target/classes/dev/fleetscope/app/version.properties)"
app_version="${version%%-*}"
lib=app/target/lib
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p dist

# 1. The runtime: only the JDK modules the app uses (packaging/jpackage/modules.txt, from jdeps),
# plus JavaFX linked in from its modular jars. JavaFX's native libraries ride inside those jars;
# they go into the runtime's lib/, where JavaFX finds them (no extraction to ~/.openjfx at start).
fx_path="$(ls "$lib"/javafx-*-linux.jar | paste -sd: -)"
jdk_modules="$(tr -d ' \n' < "$here/modules.txt")"
# The module image stays uncompressed: the package's own compression packs it tighter than
# jlink's per-resource zip does, and classes load without inflating (docs/decisions/0013).
jlink --module-path "$fx_path" \
  --add-modules "javafx.controls,javafx.swing,$jdk_modules" \
  --strip-debug --no-header-files --no-man-pages --compress=0 \
  --output "$work/runtime"
(cd "$work/runtime/lib" && unzip -q -o -j "$root/$lib"/javafx-graphics-*-linux.jar '*.so')
if command -v strip >/dev/null; then
  chmod -R u+w "$work/runtime"
  find "$work/runtime" -name '*.so' -exec strip --strip-unneeded {} +
fi

# 2. The application: its jars without JavaFX (now in the runtime).
mkdir "$work/input"
cp app/target/fleetscope-app.jar "$work/input/"
find "$lib" -name '*.jar' ! -name 'javafx-*' -exec cp {} "$work/input/" \;
# JCuda's natives jar also carries its PTX compiler and NVRTC bindings (24 MB); the probe uses
# only the driver and runtime libraries, as its portable bundle does. JNA's jar carries its native
# stub for 28 platforms (5.4 MB): a Linux x86-64 package keeps that one (docs/decisions/0019).
drop=(--drop 'lib/libJNvPTXCompiler-*' --drop 'lib/libJNvrtc-*')
if [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]]; then
  for p in 'aix-*' 'darwin-*' 'win32-*' 'sunos-*' '*bsd-*' 'linux-[!x]*' 'linux-x86'; do
    drop+=(--drop "com/sun/jna/$p/*")
  done
fi
python3 "$here/store-jars.py" "${drop[@]}" "$work/input"/*.jar

# 3. The app image. The launcher maps the AppCDS archive when it exists ($APPDIR is lib/app);
# it is written beside the jars once their final paths are known (below for dist/, at install
# time for the packages), because an archive only serves the class path it was made with.
jpackage --type app-image \
  --name fleetscope \
  --app-version "$app_version" \
  --vendor "Fleetscope" \
  --copyright "Copyright 2026 the Fleetscope authors" \
  --description "Operator console for LLM inference fleets on Kubernetes GPU clusters" \
  --icon "$here/fleetscope.png" \
  --input "$work/input" \
  --main-jar fleetscope-app.jar \
  --main-class dev.fleetscope.app.Main \
  --runtime-image "$work/runtime" \
  --java-options "-XX:+UseSerialGC" \
  --java-options '-XX:SharedArchiveFile=$APPDIR/fleetscope.jsa' \
  --java-options "-Xshare:auto" \
  --dest "$work/image"
image="$work/image/fleetscope"
cp "$here/fleetscope.desktop" "$here/fleetscope.png" "$image/lib/"
cp "$here/dump-cds.sh" "$here/integrate.sh" "$image/lib/"

# 4. The class list: the classes the console loads on the demo fleet from JVM start through its
# connect (the first Kubernetes client, the listings) and a visit to every section (--smoke-test),
# recorded with the image's own launcher and runtime. Up to the first frame only, a first connect
# still paid about 0.7 s of class loading for fabric8, Vert.x and Netty (docs/decisions/0013).
display=()
if [[ -z "${DISPLAY:-}" ]]; then
  command -v xvfb-run >/dev/null || { echo "package.sh: no DISPLAY and no xvfb-run: cannot record the AppCDS class list" >&2; exit 1; }
  display=(xvfb-run -a -s "-screen 0 1440x900x24")
fi
state="$work/state"
XDG_CONFIG_HOME="$state/config" XDG_STATE_HOME="$state/state" \
  JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$image/lib/fleetscope.classlist" \
  "${display[@]}" "$image/bin/fleetscope" --smoke-test "$work/smoke" >"$work/classlist.log" 2>&1 \
  || { cat "$work/classlist.log" >&2; echo "package.sh: recording the class list failed" >&2; exit 1; }
echo "class list: $(wc -l < "$image/lib/fleetscope.classlist") classes"

for type in "${types[@]}"; do
  case "$type" in
    app-image)
      rm -rf dist/fleetscope
      cp -a "$image" dist/fleetscope
      dist/fleetscope/lib/dump-cds.sh
      echo "app image: dist/fleetscope (run dist/fleetscope/bin/fleetscope)"
      ;;
    deb|rpm)
      deps="libgtk-3-0 | libgtk-3-0t64"
      [[ $type == rpm ]] && deps="gtk3"
      rm -f dist/fleetscope*."$type" dist/fleetscope_*."$type"
      jpackage --type "$type" \
        --app-image "$image" \
        --name fleetscope \
        --app-version "$app_version" \
        --vendor "Fleetscope" \
        --description "Operator console for LLM inference fleets on Kubernetes GPU clusters" \
        --license-file "$root/LICENSE" \
        --resource-dir "$here/resources" \
        --install-dir /opt \
        --linux-package-name fleetscope \
        --linux-app-category devel \
        --linux-menu-group "Development;System;Monitor" \
        --linux-package-deps "$deps" \
        --linux-deb-maintainer "fleetscope@localhost" \
        --dest dist
      ls -la dist/*."$type"
      ;;
  esac
done

# 5. The GPU probe's portable bundle (its own runtime; see gpu-probe/README), a second artifact.
cp gpu-probe/target/gpu-probe-*-linux-x86_64.tar.gz dist/ 2>/dev/null || true
