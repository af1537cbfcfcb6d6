#!/bin/sh
# Writes the AppCDS archive (lib/app/fleetscope.jsa) for this installation of Fleetscope from the
# class list recorded at build time (lib/fleetscope.classlist). An archive serves only the class
# path it was made with, so it is made where the jars finally lie: by the package's postinst, or by
# packaging/jpackage/package.sh for the app image in dist/. Without it the console starts all the
# same, only slower. Usage: lib/dump-cds.sh
set -u
lib="$(cd "$(dirname "$0")" && pwd)"
archive="$lib/app/fleetscope.jsa"
rm -f "$archive"
if JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$lib/fleetscope.classlist -XX:SharedArchiveFile=$archive" \
  "$lib/../bin/fleetscope" >/dev/null 2>&1 && [ -s "$archive" ]; then
  echo "fleetscope: start-up archive written ($(du -k "$archive" | cut -f1) KiB)"
else
  rm -f "$archive"
  echo "fleetscope: the start-up archive could not be written; Fleetscope starts without it" >&2
fi
exit 0
