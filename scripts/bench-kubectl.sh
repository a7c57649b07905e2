#!/usr/bin/env bash
# kubectl benchmark: `kubectl get pods` against meshsim vs kubectl's own client start-up
# (`kubectl version --client`), a list of 10,000 pods, and 100 concurrent watchers while 1,000
# pods are created (each must see every pod, in resourceVersion order). Loopback only, bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
WATCHERS="${WATCHERS:-100}"
WORK="$(mktemp -d /tmp/meshsim-kbench.XXXXXX)"
STATE="$WORK/state"
trap 'for f in "$STATE"/*/daemon.json; do [ -f "$f" ] && kill -9 "$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))[\"pid\"])" "$f")" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
swift build -c release --product meshsim 2>&1 | tail -1
BIN="$PWD/.build/release/meshsim"
"$BIN" up -p kb --http-port 0 --no-istio --nodes 100 --cpus 64 --memory 256g --state-dir "$STATE" >/dev/null
export KUBECONFIG="$STATE/kb/kubeconfig" KUBECACHEDIR="$WORK/kcache"
API=$(python3 -c "import json;print(json.load(open('$STATE/kb/daemon.json'))['apiPort'])")
kubectl get pods -A >/dev/null
echo "## kubectl get pods vs kubectl's client start-up"
hyperfine -N --warmup 3 --runs "${RUNS:-20}" "kubectl version --client" "kubectl get pods -A" 2>&1 | grep -E "Time|±|kubectl"

echo "## $WATCHERS watchers while 1,000 pods are created"
pids=()
for i in $(seq 1 "$WATCHERS"); do
    curl -sN -m 120 "127.0.0.1:$API/api/v1/namespaces/default/pods?watch=true&resourceVersion=$(curl -s 127.0.0.1:$API/api/v1/namespaces/default/pods | python3 -c 'import json,sys;print(json.load(sys.stdin)["metadata"]["resourceVersion"])')" > "$WORK/watch-$i.jsonl" &
    pids+=($!)
done
python3 - > "$WORK/load.yaml" <<'PY'
for i in range(100):
    print(f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: w-{i}}}
spec:
  replicas: 10
  selector: {{matchLabels: {{app: w-{i}}}}}
  template:
    metadata: {{labels: {{app: w-{i}}}}}
    spec: {{containers: [{{name: c, image: nginx}}]}}
---""")
PY
start=$(date +%s%N)
"$BIN" apply -p kb --state-dir "$STATE" -f "$WORK/load.yaml" >/dev/null
"$BIN" rollout status deployment/w-99 -p kb --state-dir "$STATE" >/dev/null
sleep 2
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
end=$(date +%s%N)
python3 - "$WORK" "$WATCHERS" <<'PY'
import json, sys, glob
work, n = sys.argv[1], int(sys.argv[2])
complete = ordered = 0
for path in glob.glob(f"{work}/watch-*.jsonl"):
    names, rvs = set(), []
    for line in open(path):
        try: event = json.loads(line)
        except ValueError: continue
        meta = event["object"]["metadata"]
        if event["type"] == "ADDED": names.add(meta["name"])
        rvs.append(int(meta["resourceVersion"]))
    complete += len(names) >= 1000
    ordered += rvs == sorted(rvs)
print(f"watchers that saw all 1,000 pods ADDED: {complete}/{n}; with events in resourceVersion order: {ordered}/{n}")
PY
echo "create + rollout of 1,000 pods with $WATCHERS watchers attached: $(( (end - start) / 1000000 - 2000 )) ms"
echo "## list of 10,000 pods"
sed 's/replicas: 10/replicas: 100/' "$WORK/load.yaml" > "$WORK/load100.yaml"
"$BIN" apply -p kb --state-dir "$STATE" -f "$WORK/load100.yaml" >/dev/null
"$BIN" rollout status deployment/w-99 -p kb --state-dir "$STATE" --timeout 300 >/dev/null
hyperfine -N --warmup 1 --runs 5 "kubectl get pods --no-headers" "curl -s 127.0.0.1:$API/api/v1/namespaces/default/pods -o /dev/null" 2>&1 | grep -E "Time|±|kubectl|curl"
echo "pods listed: $(kubectl get pods --no-headers | wc -l)"
