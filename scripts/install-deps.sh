#!/usr/bin/env bash
# Installs what meshsim needs on a fresh Debian machine, only if missing: the system SQLite
# headers GRDB links against, curl, and optionally gdb. Swift comes with the machine (/opt/swift).
set -euo pipefail
missing=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || missing+=(libsqlite3-dev)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${missing[@]}"
fi
# gdb is optional: scripts/test.sh prints a hung run's stacks with it, and without it still
# prints each thread's kernel wait channel.
if ! command -v gdb >/dev/null 2>&1; then
    # Never prompts for a password (sudo -n): a test run must not wait for one.
    if [ -z "$SUDO" ]; then QUIET_SUDO=""; else QUIET_SUDO="sudo -n"; fi
    { $QUIET_SUDO apt-get update -qq && $QUIET_SUDO apt-get install -y -qq gdb; } >/dev/null 2>&1 ||
        echo "warning: gdb not installed; a hung test run shows no stacks"
fi
if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        echo "swift is at /opt/swift/usr/bin; add it to PATH" >&2
    else
        echo "error: Swift 6 toolchain not found (https://swift.org/install)" >&2
    fi
    exit 1
fi
