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
# Every suite has a time limit (1-3 minutes), but swift-testing can only cancel a test: a test stuck
# in a wait that ignores cancellation would still hold the run forever. The run normally takes well
# under a minute; this watchdog ends it after MESHSIM_TEST_LIMIT seconds (default 600), first
# printing the process tree and every thread's stack of the test processes, so the stuck wait is
# named. Output is line-buffered (stdbuf) so that nothing printed before a hang is lost in a pipe.
limit="${MESHSIM_TEST_LIMIT:-600}"
descendants() {
    local child
    for child in $(ps -o pid= --ppid "$1"); do
        echo "$child"
        descendants "$child"
    done
}
if ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] < 501)); then
    # `wait -n -p` needs bash 5.1; older shells get the bound without the stacks.
    exec timeout -k 30 "$limit" stdbuf -oL -eL swift test --skip-build
fi
stdbuf -oL -eL swift test --skip-build &
runner=$!
sleep "$limit" &
timer=$!
set +e
wait -n -p finished "$runner" "$timer"
status=$?
set -e
if [ "${finished:-}" = "$runner" ]; then
    kill "$timer" 2>/dev/null || true
    exit "$status"
fi
echo "error: the test run did not finish in $limit s; look above for 'Time limit was exceeded'." >&2
echo "== processes under the test run" >&2
ps -o pid,ppid,etime,stat,args -p "$runner" $(descendants "$runner" | sed 's/^/-p /') >&2 || true
for pid in $(descendants "$runner"); do
    echo "== stacks of $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-200)" >&2
    # Where each thread sleeps in the kernel needs no permission; gdb may be refused (ptrace).
    for task in /proc/"$pid"/task/*; do
        echo "  thread $(basename "$task") $(cat "$task/comm" 2>/dev/null): $(cat "$task/wchan" 2>/dev/null)" >&2
    done
    if command -v gdb >/dev/null 2>&1; then
        timeout 120 gdb -p "$pid" -batch -ex "thread apply all bt 30" 2>&1 |
            grep -E '^(Thread|#)|ptrace|attach' >&2 || true
    fi
done
for pid in $(descendants "$runner") "$runner"; do kill -9 "$pid" 2>/dev/null || true; done
exit 124
