#!/usr/bin/env bash
# Data-plane benchmark, each figure side by side with its reference in one run:
#   1. meshsim's pod server vs a static nginx backend (1 worker), serving the same 3-byte file
#      (the pod's `meshsim.io/static-dir` points at ../shared/bench/www/v1): wrk req/s and p50
#      at 1, 16 and 64 keep-alive connections, interleaved, REPS repetitions.
#   2. Apply-to-effect: how long after `meshsim apply` of a VirtualService that moves all traffic
#      from v1 to v2 (and back) the gateway answers from the new version, against nginx's
#      reference: rewrite its upstream and `kill -HUP` its master until it answers from the new
#      backend. Requests sent meanwhile are counted; any non-200 answer is reported.
# Loopback only; every run is bounded; processes are stopped by their PID.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
BENCH="${BENCH:-$(cd .. && pwd)/shared/bench}"
P_V1="${P_V1:-28181}"; P_V2="${P_V2:-28182}"; P_NGINX="${P_NGINX:-28180}"; P_GW="${P_GW:-28195}"
REPS="${REPS:-3}"; DUR="${DUR:-5s}"; CONNS="${CONNS:-1 16 64}"; FLIPS="${FLIPS:-20}"
WORK="$(mktemp -d /tmp/meshsim-dp.XXXXXX)"
STATE="$WORK/state"
mkdir -p "$WORK"/{run,logs,out}
BACK_PID=""; NGX_PID=""
cleanup() {
    [ -n "$NGX_PID" ] && kill -QUIT "$NGX_PID" 2>/dev/null || true
    [ -n "$BACK_PID" ] && kill -QUIT "$BACK_PID" 2>/dev/null || true
    if [ -f "$STATE/dp/daemon.json" ]; then
        kill -9 "$(python3 -c "import json;print(json.load(open('$STATE/dp/daemon.json'))['pid'])")" 2>/dev/null || true
    fi
    wait 2>/dev/null || true
}
trap cleanup EXIT
for pkg in wrk nginx; do command -v "$pkg" >/dev/null || NEED=1; done
[ -n "${NEED:-}" ] && apt-get install -y -qq nginx-light wrk >/dev/null
swift build -c release --product meshsim 2>&1 | tail -1
BIN="$PWD/.build/release/meshsim"
. scripts/bench-mesh.sh
M() { "$BIN" "$@" -p dp --state-dir "$STATE"; }
OUT="${RESULTS:-/tmp/meshsim-bench-dataplane.md}"
echo "# meshsim data-plane benchmark ($(date -u +%F), $(nproc) cores)" | tee "$OUT"

render() {
    sed -e "s|__SRC__|$BENCH|g" -e "s|__WORK__|$WORK|g" -e "s|__P_V1__|$P_V1|g" -e "s|__P_V2__|$P_V2|g" \
        -e "s|__P_NGINX__|$P_NGINX|g" -e "s|__PROXY_WORKERS__|1|g" "$1" > "$2"
}
render "$BENCH/conf/backends.conf.tmpl" "$WORK/run/backends.conf"
nginx -p "$WORK/" -e "$WORK/logs/backends.error.log" -c "$WORK/run/backends.conf" & BACK_PID=$!

M up --http-port "$P_GW" --seed 1 >/dev/null
M apply -f - >/dev/null <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: static}
spec:
  replicas: 1
  selector: {matchLabels: {app: static}}
  template:
    metadata:
      labels: {app: static}
      annotations: {meshsim.io/static-dir: "$BENCH/www/v1"}
    spec:
      containers: [{name: web, image: nginx:1.27, ports: [{containerPort: 80}]}]
YAML
M rollout status deployment/static >/dev/null
POD_ADDR=$("$BIN" kubectl -p dp --state-dir "$STATE" -- get pods -l app=static -o jsonpath='{.items[0].metadata.annotations.meshsim\.io/local-address}')
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$P_V1/" >/dev/null && break; sleep 0.1; done
[ "$(curl -s "http://$POD_ADDR/")" = "$(curl -s "http://127.0.0.1:$P_V1/")" ] || { echo "bodies differ"; exit 1; }

echo "## 1. meshsim pod server vs nginx (1 worker), same 3-byte file, wrk $DUR per run, $REPS reps" | tee -a "$OUT"
for rep in $(seq 1 "$REPS"); do
    for c in $CONNS; do
        t=$([ "$c" = 1 ] && echo 1 || echo 2)
        for target in nginx meshsim; do
            url=$([ "$target" = nginx ] && echo "http://127.0.0.1:$P_V1/" || echo "http://$POD_ADDR/")
            wrk -t"$t" -c"$c" -d"$DUR" --latency "$url" > "$WORK/out/$rep-$c-$target.txt" 2>&1 || true
        done
    done
done
python3 - "$WORK/out" "$REPS" "$CONNS" <<'PY' | tee -a "$OUT"
import re, statistics, sys
out, reps, conns = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
def ms(v):
    x, u = re.match(r'([\d.]+)(us|ms|s)$', v).groups()
    return float(x) * {'us': 0.001, 'ms': 1, 's': 1000}[u]
def parse(path):
    t = open(path).read()
    rps = float(re.search(r'^Requests/sec:\s+([\d.]+)', t, re.M).group(1))
    p50 = ms(re.search(r'^\s+50%\s+(\S+)', t, re.M).group(1))
    return rps, p50
print("| conns | nginx req/s | meshsim pod req/s | ratio | nginx p50 ms | meshsim p50 ms |")
print("|---|---|---|---|---|---|")
for c in conns:
    n = [parse(f"{out}/{r}-{c}-nginx.txt") for r in range(1, reps + 1)]
    m = [parse(f"{out}/{r}-{c}-meshsim.txt") for r in range(1, reps + 1)]
    ratio = statistics.median(mm[0] / nn[0] for mm, nn in zip(m, n))
    print(f"| {c} | {statistics.median(x[0] for x in n):.0f} | {statistics.median(x[0] for x in m):.0f} | "
          f"**{ratio:.2f}** | {statistics.median(x[1] for x in n):.3f} | {statistics.median(x[1] for x in m):.3f} |")
PY

echo "## 2. Apply-to-effect: VirtualService weight flip vs nginx reload, $FLIPS flips each" | tee -a "$OUT"
M apply -f - >/dev/null <<YAML
$(bench_mesh_config "$P_V1" "$P_V2")
YAML
for v in v1 v2; do
    bench_mesh_route "$v" > "$WORK/run/vs-$v.yaml"
    sed -e "s|server 127.0.0.1:__P_V1__ weight=1;|server 127.0.0.1:__P_$(echo $v | tr a-z A-Z)__;|" \
        -e "/server 127.0.0.1:__P_V[12]__ weight=1;/d" "$BENCH/conf/nginx-proxy.conf.tmpl" > "$WORK/run/proxy-$v.tmpl"
    render "$WORK/run/proxy-$v.tmpl" "$WORK/run/proxy-$v.conf"
done
M apply -f "$WORK/run/vs-v1.yaml" >/dev/null
cp "$WORK/run/proxy-v1.conf" "$WORK/run/proxy.conf"
nginx -p "$WORK/" -e "$WORK/logs/proxy.error.log" -c "$WORK/run/proxy.conf" & NGX_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$P_NGINX/" >/dev/null && break; sleep 0.1; done
python3 - "$BIN" "$STATE" "$WORK/run" "$P_GW" "$P_NGINX" "$NGX_PID" "$FLIPS" <<'PY' | tee -a "$OUT"
import http.client, os, shutil, signal, statistics, subprocess, sys, time
binary, state, run, gw, ngx, ngx_pid, flips = sys.argv[1:8]
gw, ngx, ngx_pid, flips = int(gw), int(ngx), int(ngx_pid), int(flips)

def get(port):
    # A fresh connection per request, for both targets: nginx's old workers keep serving
    # existing keep-alive connections after a reload, which would hide its effect.
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        c.request("GET", "/")
        r = c.getresponse()
        return r.status, r.read().decode().strip()
    finally:
        c.close()

def flip(port, target, change):
    errors, requests = 0, 0
    start = time.perf_counter()
    finish = change()
    deadline = start + 10
    while time.perf_counter() < deadline:
        status, body = get(port)
        requests += 1
        if status != 200:
            errors += 1
        elif body == target:
            break
    effect = time.perf_counter() - start
    if finish:
        finish()
    return effect * 1000, errors, requests

def meshsim(version):
    p = subprocess.Popen([binary, "apply", "-f", f"{run}/vs-{version}.yaml", "-p", "dp", "--state-dir", state],
                         stdout=subprocess.DEVNULL)
    return p.wait

def nginx(version):
    shutil.copy(f"{run}/proxy-{version}.conf", f"{run}/proxy.conf")
    os.kill(ngx_pid, signal.SIGHUP)
    return None

results = {"meshsim": [], "nginx": []}
errors = {"meshsim": 0, "nginx": 0}
for i in range(flips):
    version = "v2" if i % 2 == 0 else "v1"
    for name, port, change in (("meshsim", gw, meshsim), ("nginx", ngx, nginx)):
        # Isolated changes: meshsim's route compiler, like istiod, coalesces changes that
        # arrive within 100 ms of its last push.
        time.sleep(0.3)
        ms, errs, _ = flip(port, version, lambda: change(version))
        results[name].append(ms)
        errors[name] += errs
print("| target | median ms | p90 ms | max ms | non-200 answers during flips |")
print("|---|---|---|---|---|")
for name in ("meshsim", "nginx"):
    xs = sorted(results[name])
    print(f"| {name} | {statistics.median(xs):.1f} | {xs[int(0.9 * (len(xs) - 1))]:.1f} | {xs[-1]:.1f} | {errors[name]} |")
ratio = statistics.median(results["meshsim"]) / statistics.median(results["nginx"])
print(f"meshsim apply-to-effect / nginx reload-to-effect (medians): **{ratio:.2f}x** "
      "(meshsim's includes the CLI's start-up and the API round trip; istiod alone waits "
      "PILOT_DEBOUNCE_AFTER = 100 ms before every push)")
PY
echo "results: $OUT"
