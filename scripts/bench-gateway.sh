#!/usr/bin/env bash
# Gateway benchmark: meshsim's ingress gateway as a fourth target in the shared nginx/HAProxy
# baseline run (../shared/bench/run.sh), routing 50/50 through a ServiceEntry with STATIC
# endpoints to the same two nginx backends (the pod server against nginx and apply-to-effect are
# in bench-dataplane.sh). Loopback only; bounded wrk runs; processes stopped by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
BENCH="${BENCH:-$(cd .. && pwd)/shared/bench}"
P_V1="${P_V1:-28081}"; P_V2="${P_V2:-28082}"; P_GW="${P_GW:-28095}"
export P_V1 P_V2 P_NGINX="${P_NGINX:-28080}" P_HAPROXY="${P_HAPROXY:-28090}"
export REPS="${REPS:-3}" DUR="${DUR:-5s}" CONNS="${CONNS:-1 16 64}" CLOSE_CONNS="${CLOSE_CONNS-}"
WORK="$(mktemp -d /tmp/meshsim-gw.XXXXXX)"
STATE="$WORK/state"
cleanup() {
    if [ -f "$STATE/gw/daemon.json" ]; then
        kill -9 "$(python3 -c "import json;print(json.load(open('$STATE/gw/daemon.json'))['pid'])")" 2>/dev/null || true
    fi
}
trap cleanup EXIT
for pkg in wrk nginx haproxy hyperfine; do command -v "$pkg" >/dev/null || NEED=1; done
[ -n "${NEED:-}" ] && apt-get install -y -qq nginx-light wrk haproxy hyperfine >/dev/null
swift build -c release --product meshsim 2>&1 | tail -1
BIN="$PWD/.build/release/meshsim"
. scripts/bench-mesh.sh
"$BIN" up -p gw --http-port "$P_GW" --state-dir "$STATE" --seed 1 >/dev/null
"$BIN" apply -p gw --state-dir "$STATE" -f - <<YAML
$(bench_mesh_config "$P_V1" "$P_V2")
---
$(bench_mesh_route "v1 50" "v2 50")
YAML
PID=$(python3 -c "import json;print(json.load(open('$STATE/gw/daemon.json'))['pid'])")
"$BIN" routes -p gw --state-dir "$STATE"
EXTRA_NAME=meshsim EXTRA_URL="http://127.0.0.1:$P_GW/" EXTRA_PID="$PID" WORK="$WORK/perf" \
    "$BENCH/run.sh" proxy
echo "gateway daemon RSS: $(awk '/VmRSS/ {print int($2/1024)}' /proc/$PID/status) MB"
cat "$WORK/perf/results/summary.md" > "${RESULTS:-/tmp/meshsim-bench-gateway.md}"
echo "summary: ${RESULTS:-/tmp/meshsim-bench-gateway.md}"
