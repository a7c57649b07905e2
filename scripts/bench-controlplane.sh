#!/usr/bin/env bash
# Control-plane benchmark, side by side with its references in one run:
#   1. `meshsim up` wall time to a ready cluster (published: kind 12-17 s, minikube ~24 s)
#   2. `meshsim get pods` wall time vs a Swift hello-world with Foundation (the CLI floor)
#   3. 1,000 Deployments x 10 replicas on 100 nodes until 10,000 pods are Running:
#      pods/s (KWOK publishes ~20 pods/s), daemon peak RSS, store writes/s vs the raw SQLite floor.
# Loopback only; every run is bounded; processes are stopped by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
DEPLOYMENTS="${DEPLOYMENTS:-1000}"
REPLICAS="${REPLICAS:-10}"
NODES="${NODES:-100}"
RUNS="${RUNS:-20}"
WORK="$(mktemp -d /tmp/meshsim-bench.XXXXXX)"
STATE="$WORK/state"
OUT="${OUT:-$WORK/results.md}"
trap 'for f in "$STATE"/*/daemon.json; do [ -f "$f" ] && kill -9 "$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))[\"pid\"])" "$f")" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
swift build -c release --product meshsim 2>&1 | tail -1
BIN="${BIN:-$PWD/.build/release/meshsim}"  # BIN=... compares another build side by side
M() { "$BIN" "$@" --state-dir "$STATE"; }

echo "# meshsim control-plane benchmark ($(date -u +%F), $(nproc) cores)" | tee "$OUT"

echo "## 1. meshsim up to ready" | tee -a "$OUT"
times=()
for i in $(seq 1 5); do
    start=$(date +%s%N)
    M up -p "up$i" --http-port 0 >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
    M delete -p "up$i" >/dev/null
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "meshsim up (cluster + Istio demo profile ready), 5 runs: ${times[*]} ms; median ${sorted[2]} ms" | tee -a "$OUT"
echo "reference (published): kind 12000-17000 ms, minikube ~24000 ms, KWOK ~5000 ms" | tee -a "$OUT"

echo "## 2. meshsim get pods vs the Swift floor" | tee -a "$OUT"
M up -p cli --http-port 0 >/dev/null
cat > "$WORK/hello.swift" <<'SWIFT'
import Foundation
print("hello")
SWIFT
swiftc -O "$WORK/hello.swift" -o "$WORK/hello" 2>/dev/null
hyperfine -N --warmup 5 --runs "$RUNS" --export-markdown "$WORK/cli.md" \
    "$WORK/hello" "$BIN get pods -A -p cli --state-dir $STATE" >/dev/null 2>&1
cat "$WORK/cli.md" | tee -a "$OUT"
M delete -p cli >/dev/null

echo "## 3. $DEPLOYMENTS Deployments x $REPLICAS replicas on $NODES nodes" | tee -a "$OUT"
python3 - "$DEPLOYMENTS" "$REPLICAS" > "$WORK/load.yaml" <<'PY'
import sys
n, r = int(sys.argv[1]), int(sys.argv[2])
for i in range(n):
    print(f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: load-{i}}}
spec:
  replicas: {r}
  selector: {{matchLabels: {{app: load-{i}}}}}
  template:
    metadata: {{labels: {{app: load-{i}}}}}
    spec:
      containers:
      - name: c
        image: nginx:1.27
        resources: {{requests: {{cpu: 10m, memory: 16Mi}}}}
---""")
PY
M up -p scale --http-port 0 --no-istio --nodes "$NODES" --cpus 64 --memory 256g >/dev/null
PID=$(python3 -c "import json;print(json.load(open('$STATE/scale/daemon.json'))['pid'])")
API=$(python3 -c "import json;print(json.load(open('$STATE/scale/daemon.json'))['apiPort'])")
REV0=$(curl -s "127.0.0.1:$API/api/v1/namespaces" | python3 -c "import json,sys;print(json.load(sys.stdin)['metadata']['resourceVersion'])")
TARGET=$((DEPLOYMENTS * REPLICAS))
# The finish line is watched, not polled: a watch on Deployments sees the moment the available
# replicas add up to the target (a 1 s poll of 1,000 Deployments both cost CPU and overshot).
python3 - "$API" "$TARGET" > "$WORK/finish.txt" <<'PY' &
import http.client, json, sys, time
api, target = int(sys.argv[1]), int(sys.argv[2])
connection = http.client.HTTPConnection("127.0.0.1", api, timeout=600)
connection.request("GET", "/apis/apps/v1/namespaces/default/deployments?watch=true&timeoutSeconds=600")
response = connection.getresponse()
available = {}
while True:
    line = response.readline()
    if not line:
        break
    event = json.loads(line)
    item = event["object"]
    available[item["metadata"]["name"]] = (item.get("status") or {}).get("availableReplicas", 0)
    if sum(available.values()) >= target:
        break
print(time.time_ns(), sum(available.values()))
PY
WATCHER=$!
start=$(date +%s%N)
M apply -p scale -f "$WORK/load.yaml" >/dev/null
applied=$(date +%s%N)
wait "$WATCHER" || true
read -r end running < "$WORK/finish.txt"
REV1=$(curl -s "127.0.0.1:$API/api/v1/namespaces" | python3 -c "import json,sys;print(json.load(sys.stdin)['metadata']['resourceVersion'])")
RSS=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$PID/status")
ms=$(( (end - start) / 1000000 )); apply_ms=$(( (applied - start) / 1000000 ))
writes=$((REV1 - REV0))
echo "apply of $DEPLOYMENTS Deployments: ${apply_ms} ms; $running/$TARGET pods Running and available after ${ms} ms" | tee -a "$OUT"
echo "pods/s: $(python3 -c "print(round($running/($ms/1000)))") (KWOK publishes ~20 pods/s; kube-scheduler CI floor 680-810)" | tee -a "$OUT"
echo "daemon peak RSS: ${RSS} MB (goal < 200 MB; minikube's minimum 1800 MiB)" | tee -a "$OUT"
echo "store writes: $writes revisions in ${ms} ms = $(python3 -c "print(round($writes/($ms/1000)))") writes/s" | tee -a "$OUT"
python3 /work/shared/bench/sqlite_bench.py --help >/dev/null 2>&1 || true
FLOOR=$(cd "$WORK" && python3 - <<'PY'
import sqlite3, time, json, os
db = sqlite3.connect("floor.sqlite", isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE pods(uid TEXT PRIMARY KEY, namespace, name, node, phase, resource_version, spec)")
spec = json.dumps({"containers": [{"name": "c", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}], "x": "y" * 150})
n = 20000
t = time.perf_counter()
for i in range(n):
    db.execute("BEGIN"); db.execute("INSERT INTO pods VALUES (?,?,?,?,?,?,?)", (f"u{i}", "default", f"p{i}", "n", "Running", i, spec)); db.execute("COMMIT")
print(round(n / (time.perf_counter() - t)))
PY
)
echo "raw SQLite floor (one row per transaction, WAL, NORMAL, Python sqlite3): $FLOOR rows/s" | tee -a "$OUT"
echo "results: $OUT"
cp "$OUT" "${RESULTS:-/tmp/meshsim-bench-controlplane.md}"
