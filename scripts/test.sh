#!/usr/bin/env bash
# Installs what is missing, builds meshsim and every test, checks formatting, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/install-deps.sh
# The Python Kubernetes client is a second test client of the API (PyPI).
python3 -c "import kubernetes" 2>/dev/null || python3 -m pip install -q kubernetes >/dev/null 2>&1 || \
    echo "warning: could not install the Python kubernetes client; its test will be skipped"
echo "== swift format lint"
swift format lint --strict --recursive --parallel Package.swift Sources Tests
echo "== build (meshsim and tests)"
swift build --build-tests 2>&1 | grep -E "warning:|error:|Compiling|Build complete" | grep -v "^\[" || true
swift build --build-tests >/dev/null
echo "== test"
# Every suite has a time limit (1-3 minutes), so a test that stops making progress is reported by
# name; the whole run normally takes under a minute, and this bound ends a run that still hangs.
status=0
timeout -k 30 1200 swift test --skip-build || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "error: the test run did not finish in 20 minutes; look above for 'Time limit was exceeded'" >&2
fi
exit "$status"
