#!/usr/bin/env bash
# Replay benchmark: the seed scenario end to end (fresh cluster up, apply, 1,000 requests through
# the gateway, report, tear down), and the whole scenario suite, with hyperfine. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
swift build -c release --product meshsim 2>&1 | tail -1
BIN="$PWD/.build/release/meshsim"
OUT="${RESULTS:-/tmp/meshsim-bench-replay.md}"
hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-markdown "$OUT" \
    "$BIN replay scenarios/seed-5050.yaml" "$BIN replay scenarios/"
cat "$OUT"
