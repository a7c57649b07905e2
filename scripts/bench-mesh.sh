# Sourced by the benchmarks: the Istio config that puts meshsim's gateway in front of the two
# nginx backends of ../shared/bench (ServiceEntry with STATIC endpoints, Gateway, subsets).
# bench_mesh_config P_V1 P_V2  prints the YAML; add a VirtualService to route.
# bench_mesh_route 'v1 50' 'v2 50'  prints the `bench` VirtualService over those subsets (weights optional).
bench_mesh_config() {
    cat <<YAML
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: backends}
spec:
  hosts: [backends.local]
  location: MESH_INTERNAL
  resolution: STATIC
  ports: [{number: 80, name: http, protocol: HTTP}]
  endpoints:
  - {address: 127.0.0.1, ports: {http: $1}, labels: {version: v1}}
  - {address: 127.0.0.1, ports: {http: $2}, labels: {version: v2}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bench}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: backends}
spec:
  host: backends.local
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
YAML
}

bench_mesh_route() {
    cat <<YAML
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: bench}
spec:
  hosts: ["*"]
  gateways: [bench]
  http:
  - route:
YAML
    for entry in "$@"; do
        set -- $entry
        echo "    - {destination: {host: backends.local, subset: $1}${2:+, weight: $2}}"
    done
}
