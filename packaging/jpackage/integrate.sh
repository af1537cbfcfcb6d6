#!/bin/sh
# What Fleetscope's packages do beyond placing files, shared by the .deb's postinst/prerm and the
# .rpm's %post/%preun: the start-up archive, the command on the PATH and, where the machine has a
# desktop, the menu entry (not through xdg-desktop-menu, which fails where there is no desktop).
# Usage: lib/integrate.sh install|remove
set -e
lib="$(cd "$(dirname "$0")" && pwd)"
home="$(dirname "$lib")"
case "${1:-}" in
  install)
    "$lib/dump-cds.sh"
    ln -sf "$home/bin/fleetscope" /usr/bin/fleetscope
    if [ -d /usr/share/applications ]; then
      install -m 644 "$lib/fleetscope.desktop" /usr/share/applications/fleetscope.desktop
      if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q /usr/share/applications || true
      fi
    fi
    ;;
  remove)
    rm -f "$lib/app/fleetscope.jsa"
    if [ "$(readlink /usr/bin/fleetscope 2>/dev/null || true)" = "$home/bin/fleetscope" ]; then
      rm -f /usr/bin/fleetscope
    fi
    if [ -f /usr/share/applications/fleetscope.desktop ]; then
      rm -f /usr/share/applications/fleetscope.desktop
      if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q /usr/share/applications || true
      fi
    fi
    ;;
  *)
    echo "usage: integrate.sh install|remove" >&2
    exit 2
    ;;
esac
