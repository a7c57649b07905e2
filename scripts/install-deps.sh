#!/usr/bin/env bash
# Installs what meshsim needs on a fresh Debian machine, only if missing: the system SQLite
# headers GRDB links against, curl and gdb. Swift itself comes with the machine image (/opt/swift).
set -euo pipefail
missing=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || missing+=(libsqlite3-dev)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# gdb: scripts/test.sh prints the stacks of a test run that hangs.
command -v gdb >/dev/null 2>&1 || missing+=(gdb)
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${missing[@]}"
fi
if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        echo "swift is at /opt/swift/usr/bin; add it to PATH" >&2
    else
        echo "error: Swift 6 toolchain not found (https://swift.org/install)" >&2
    fi
    exit 1
fi
