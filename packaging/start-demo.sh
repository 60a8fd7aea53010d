#!/usr/bin/env bash
# Install kasir into .venv and start the desktop app on the ready demo co-op (an embedded SQLite
# file, no server); without a screen it shows the demo on the command line and says why.
#
# Works on a fresh Debian 12: the system packages in packaging/apt-packages.txt (the lines
# without "ci") are installed with apt-get when run as root or with sudo. A user who can do
# neither gets everything a user can do, then the one line an administrator must run as root,
# and exit code 3. Once set up, starting again needs no internet: pip runs only when
# pyproject.toml changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
HERE=$(pwd)
NEEDS_ADMIN=3  # exit code: an administrator must install system packages first

packages=()
while read -r name tag _; do
    case $name in '' | '#'*) continue ;; esac
    [ "$tag" = ci ] || packages+=("$name")
done <packaging/apt-packages.txt

missing_packages() {
    missing=()
    command -v dpkg-query >/dev/null 2>&1 || return 0  # not Debian: the user's own business
    for pkg in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
}

missing_packages
if [ ${#missing[@]} -gt 0 ]; then
    as_root=()
    if [ "$(id -u)" -ne 0 ]; then
        # sudo without a password, or one the user can type at this terminal
        if command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
            as_root=(sudo)
        else
            as_root=(none)
        fi
    fi
    if [ "${as_root[*]}" != none ]; then
        echo "Installing the system packages kasir needs: ${missing[*]}"
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || true
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends "${missing[@]}" || true
        missing_packages
    fi
fi
admin_help() {
    {
        echo
        echo "kasir needs system packages that only an administrator can install: ${missing[*]}"
        echo "An administrator must run this line as root:"
        echo
        echo "    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
        echo
        echo "Then run again: bash $HERE/packaging/start-demo.sh"
    } >&2
}

if ! python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "kasir needs Python 3.11 or later with its venv module." >&2
    [ ${#missing[@]} -eq 0 ] || admin_help
    exit $NEEDS_ADMIN
fi

# The project is installed editable, so code changes need no reinstall; only a changed
# pyproject.toml (dependencies) does. Skipping pip then is what lets a second start run offline.
stamp=.venv/.kasir-installed-from  # sha256 of the pyproject.toml last installed (.ci/run too)
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
[ -x .venv/bin/python ] || python3 -m venv .venv
if [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ] && .venv/bin/python -c 'import kasir' 2>/dev/null; then
    echo "kasir is installed in $HERE/.venv"
else
    echo "Installing kasir and its Python packages into $HERE/.venv (the first time: about 290 MB)"
    .venv/bin/python -m pip install --disable-pip-version-check -e .
    echo "$wanted" >"$stamp"
fi

if [ ${#missing[@]} -gt 0 ]; then
    # Without those packages the desktop app cannot start; without a screen the demo is shown
    # on the command line, which needs none of them.
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        env -u QT_QPA_PLATFORM .venv/bin/kasir demo --open "$@"
    fi
    admin_help
    exit $NEEDS_ADMIN
fi
exec .venv/bin/kasir demo --open "$@"
