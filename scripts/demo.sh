#!/usr/bin/env bash
# The seed tutorial, end to end: build meshsim, bring up a cluster, apply the tutorial's
# manifests (made valid), send 1,000 requests through the ingress gateway and print the split.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/install-deps.sh
echo "== building meshsim"
swift build --product meshsim 2>&1 | tail -1
BIN=".build/debug/meshsim"
PROFILE="${MESHSIM_PROFILE:-demo}"
PORT="${MESHSIM_HTTP_PORT:-8080}"
"$BIN" delete -p "$PROFILE" >/dev/null 2>&1 || true
echo "== meshsim up"
if ! "$BIN" up -p "$PROFILE" --http-port "$PORT" --seed 42; then
    echo "port $PORT busy? retrying on a free port"
    "$BIN" delete -p "$PROFILE" >/dev/null 2>&1 || true
    "$BIN" up -p "$PROFILE" --http-port 0 --seed 42
fi
echo "== kubectl get pods -n istio-system (meshsim get)"
"$BIN" get pods -n istio-system -p "$PROFILE"
echo "== meshsim apply -f scenarios/seed-5050/"
"$BIN" apply -p "$PROFILE" -f scenarios/seed-5050/
"$BIN" rollout status deployment/myapp-v1 -p "$PROFILE"
"$BIN" rollout status deployment/myapp-v2 -p "$PROFILE"
"$BIN" get pods -o wide -p "$PROFILE"
URL="$("$BIN" service istio-ingressgateway --url -p "$PROFILE")"
echo "== curl $URL/"
"$BIN" traffic -p "$PROFILE" -n 1 >/dev/null
curl -s "$URL/"
echo "== 1,000 requests through the ingress gateway"
"$BIN" traffic -p "$PROFILE" -n 1000 --expect v1=50,v2=50
echo
echo "The cluster is still running. Try: $BIN explain -p $PROFILE $URL/ ; $BIN routes -p $PROFILE"
echo "Stop it with: $BIN down -p $PROFILE   (or delete it: $BIN delete -p $PROFILE)"
