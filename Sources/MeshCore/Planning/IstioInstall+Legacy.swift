extension IstioInstall {
    /// The istio-demo.yaml Deployments (pilot and mixer pods carry an `istio-proxy` sidecar: 2/2).
    func legacyDeployments(_ now: Double) -> [Deployment] {
        func proxy(_ role: String) -> Container {
            var container = Container(
                name: "istio-proxy", image: image("proxyv2"),
                ports: [ContainerPort(name: "http-envoy-prom", containerPort: 15090)])
            container.args = [
                "proxy", role, "--domain", "$(POD_NAMESPACE).svc.cluster.local", "--discoveryAddress",
                "istio-pilot:15010",
            ]
            return container
        }
        func make(_ name: String, _ labels: [String: String], _ containers: [Container]) -> Deployment {
            ClusterBootstrap.deployment(
                name, namespace: "istio-system",
                labels: labels.merging(["chart": labels["app"] ?? name, "heritage": "Tiller", "release": "istio"]) {
                    a, _ in a
                },
                selector: labels, containers: containers, now: now)
        }
        func one(_ name: String, _ image: String, _ port: Int) -> Container {
            Container(name: name, image: image, ports: [ContainerPort(containerPort: port)])
        }
        var mixer = Container(
            name: "mixer", image: image("mixer"),
            ports: [ContainerPort(containerPort: 9091), ContainerPort(containerPort: 15014)])
        mixer.args = ["--monitoringPort=15014", "--address", "unix:///sock/mixer.socket"]
        return [
            make("grafana", ["app": "grafana"], [one("grafana", "grafana/grafana:6.4.3", 3000)]),
            make("istio-citadel", ["app": "security", "istio": "citadel"], [one("citadel", image("citadel"), 15014)]),
            make("istio-egressgateway", ["app": "istio-egressgateway", "istio": "egressgateway"], [proxy("router")]),
            make("istio-galley", ["app": "galley", "istio": "galley"], [one("galley", image("galley"), 443)]),
            make(
                "istio-ingressgateway", ["app": "istio-ingressgateway", "istio": "ingressgateway"], [proxy("router")]),
            make(
                "istio-pilot", ["app": "pilot", "istio": "pilot"],
                [one("discovery", image("pilot"), 8080), proxy("sidecar")]),
            make(
                "istio-policy", ["app": "policy", "istio": "mixer", "istio-mixer-type": "policy"],
                [mixer, proxy("sidecar")]),
            make(
                "istio-sidecar-injector", ["app": "sidecarInjectorWebhook", "istio": "sidecar-injector"],
                [one("sidecar-injector-webhook", image("sidecar_injector"), 443)]),
            make(
                "istio-telemetry", ["app": "telemetry", "istio": "mixer", "istio-mixer-type": "telemetry"],
                [mixer, proxy("sidecar")]),
            make("istio-tracing", ["app": "jaeger"], [one("jaeger", "docker.io/jaegertracing/all-in-one:1.14", 16686)]),
            make("kiali", ["app": "kiali"], [one("kiali", "quay.io/kiali/kiali:v1.9", 20001)]),
            make("prometheus", ["app": "prometheus"], [one("prometheus", "docker.io/prom/prometheus:v2.12.0", 9090)]),
        ]
    }

    /// The istio-demo.yaml Services; the ingress gateway keeps its classic nodePorts 31380/31390/31400.
    func legacyServices<G: RandomNumberGenerator>(using generator: inout G) -> [Service] {
        func svc(
            _ name: String, _ selector: [String: String], _ ports: [(String, Int, Int, String)],
            type: String = "ClusterIP"
        ) -> Service {
            ClusterBootstrap.service(
                name, namespace: "istio-system", labels: selector, selector: selector, ports: ports, type: type,
                now: now)
        }
        func tcp(_ name: String, _ port: Int, _ target: Int? = nil) -> (String, Int, Int, String) {
            (name, port, target ?? port, "TCP")
        }
        var ingress = svc(
            "istio-ingressgateway", ["app": "istio-ingressgateway", "istio": "ingressgateway"],
            [
                tcp("status-port", 15020), tcp("http2", 80), tcp("https", 443), tcp("tcp", 31400),
                tcp("https-kiali", 15029),
                tcp("https-prometheus", 15030), tcp("https-grafana", 15031), tcp("https-tracing", 15032),
                tcp("tls", 15443),
            ], type: "LoadBalancer")
        IstioInstall.assignNodePorts(&ingress, fixed: [80: 31380, 443: 31390, 31400: 31400], using: &generator)
        return [
            svc("grafana", ["app": "grafana"], [tcp("http", 3000)]),
            svc("istio-citadel", ["istio": "citadel"], [tcp("grpc-citadel", 8060), tcp("http-monitoring", 15014)]),
            svc(
                "istio-egressgateway", ["app": "istio-egressgateway", "istio": "egressgateway"],
                [tcp("http2", 80), tcp("https", 443), tcp("tls", 15443)]),
            svc(
                "istio-galley", ["istio": "galley"],
                [tcp("https-validation", 443), tcp("http-monitoring", 15014), tcp("grpc-mcp", 9901)]),
            ingress,
            svc(
                "istio-pilot", ["istio": "pilot"],
                [
                    tcp("grpc-xds", 15010), tcp("https-xds", 15011), tcp("http-legacy-discovery", 8080),
                    tcp("http-monitoring", 15014),
                ]),
            svc(
                "istio-policy", ["istio": "mixer", "istio-mixer-type": "policy"],
                [tcp("grpc-mixer", 9091), tcp("grpc-mixer-mtls", 15004), tcp("http-monitoring", 15014)]),
            svc(
                "istio-sidecar-injector", ["istio": "sidecar-injector"],
                [tcp("https-inject", 443), tcp("http-monitoring", 15014)]),
            svc(
                "istio-telemetry", ["istio": "mixer", "istio-mixer-type": "telemetry"],
                [
                    tcp("grpc-mixer", 9091), tcp("grpc-mixer-mtls", 15004), tcp("http-monitoring", 15014),
                    tcp("prometheus", 42422),
                ]),
            svc(
                "jaeger-agent", ["app": "jaeger"],
                [
                    ("udp-agent-zipkin", 5775, 5775, "UDP"), ("udp-agent-compact", 6831, 6831, "UDP"),
                    ("udp-agent-binary", 6832, 6832, "UDP"),
                ]),
            svc(
                "jaeger-collector", ["app": "jaeger"],
                [tcp("jaeger-collector-tchannel", 14267), tcp("jaeger-collector-http", 14268)]),
            svc("jaeger-query", ["app": "jaeger"], [tcp("query-http", 16686)]),
            svc("kiali", ["app": "kiali"], [tcp("http-kiali", 20001)]),
            svc("prometheus", ["app": "prometheus"], [tcp("http-prometheus", 9090)]),
            svc("tracing", ["app": "jaeger"], [tcp("http-query", 80, 16686)]),
            svc("zipkin", ["app": "jaeger"], [tcp("http-query", 9411)]),
        ]
    }
}
