#!/usr/bin/env bash
# Install kasir into .venv and start the desktop app on the ready demo co-op (an embedded SQLite
# file, no server); without a screen it shows the demo on the command line and says why.
# Works on a fresh Debian machine: installs python3-venv first when it is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3 python3-venv
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e .

# On a desktop, Qt's X11 plugin needs xcb libraries a fresh Debian may lack; it loads some
# (xcb-cursor) only at run time, so ask dpkg rather than ldd. Without a screen, `kasir demo
# --open` says so and shows the demo on the command line instead.
QT_X11_PACKAGES=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
                 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1
                 libdbus-1-3 fonts-dejavu-core)
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v dpkg-query >/dev/null; then
    missing=()
    for pkg in "${QT_X11_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        SUDO=""
        [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        echo "installing what Qt needs on this desktop: ${missing[*]}"
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q || true
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            "${missing[@]}" || echo "could not install ${missing[*]}; the app may not start" >&2
    fi
fi
exec .venv/bin/kasir demo --open "$@"
