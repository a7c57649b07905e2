/// What `istioctl install --set profile=…` (or the legacy istio-demo.yaml) leaves in `istio-system`,
/// as `kubectl get pods,svc -n istio-system` shows it (Istio semantics reference §9).
public enum IstioInstall {
    /// The Istio version the modern profiles report.
    public static let version = "1.24.0"
    /// The legacy istio-demo.yaml version.
    public static let legacyVersion = "1.2.2"

    /// Whether a profile name is known.
    public static func isKnown(_ profile: String) -> Bool { ["demo", "default", "minimal", "legacy"].contains(profile) }

    /// The Istio version a profile installs.
    public static func version(for profile: String) -> String { profile == "legacy" ? legacyVersion : version }

    /// Whether the profile has an ingress gateway.
    public static func hasIngressGateway(_ profile: String) -> Bool { profile != "minimal" }

    /// Workloads of a profile.
    public static func workloads(profile: String) -> [SystemWorkload] {
        let noInject = ["sidecar.istio.io/inject": "false"]
        let proxy = "docker.io/istio/proxyv2:"
        func gateway(_ name: String, _ istio: String, _ tag: String, ports: [Int]) -> SystemWorkload {
            SystemWorkload(
                name: name, namespace: "istio-system", labels: ["app": name, "istio": istio],
                containers: [SystemWorkload.container("istio-proxy", proxy + tag, ports: ports, cpu: "10m", memory: "40Mi")],
                annotations: noInject)
        }
        if profile == "legacy" {
            let tag = legacyVersion
            func component(_ name: String, _ app: String, _ image: String, sidecar: Bool = false, ports: [Int] = []) -> SystemWorkload {
                var containers = [SystemWorkload.container(name == "istio-pilot" ? "discovery" : (sidecar ? "mixer" : app), image, ports: ports)]
                if sidecar { containers.append(SystemWorkload.container("istio-proxy", proxy + tag, ports: [15090])) }
                return SystemWorkload(
                    name: name, namespace: "istio-system", labels: ["app": app, "istio": app.replacingPrefix()],
                    containers: containers, annotations: noInject)
            }
            return [
                component("grafana", "grafana", "grafana/grafana:6.1.6", ports: [3000]),
                component("istio-citadel", "security", "docker.io/istio/citadel:\(tag)", ports: [15014]),
                gateway("istio-egressgateway", "egressgateway", tag, ports: [80, 443, 15443]),
                component("istio-galley", "galley", "docker.io/istio/galley:\(tag)", ports: [443, 15014, 9901]),
                gateway("istio-ingressgateway", "ingressgateway", tag, ports: [15020, 80, 443, 31400, 15029, 15030, 15031, 15032, 15443]),
                component("istio-pilot", "pilot", "docker.io/istio/pilot:\(tag)", sidecar: true, ports: [8080, 15010]),
                component("istio-policy", "policy", "docker.io/istio/mixer:\(tag)", sidecar: true, ports: [9091, 15004, 15014]),
                component("istio-sidecar-injector", "sidecarInjectorWebhook", "docker.io/istio/sidecar_injector:\(tag)", ports: [443]),
                component("istio-telemetry", "telemetry", "docker.io/istio/mixer:\(tag)", sidecar: true, ports: [9091, 15004, 15014, 42422]),
                component("istio-tracing", "jaeger", "docker.io/jaegertracing/all-in-one:1.9", ports: [9411, 16686]),
                component("kiali", "kiali", "docker.io/kiali/kiali:v0.20", ports: [20001]),
                component("prometheus", "prometheus", "docker.io/prom/prometheus:v2.8.0", ports: [9090]),
            ]
        }
        var workloads = [
            SystemWorkload(
                name: "istiod", namespace: "istio-system", labels: ["app": "istiod", "istio": "pilot"],
                containers: [SystemWorkload.container("discovery", "docker.io/istio/pilot:\(version)", ports: [8080, 15010, 15017], cpu: "10m", memory: "100Mi")],
                annotations: noInject)
        ]
        if profile != "minimal" {
            workloads.append(gateway("istio-ingressgateway", "ingressgateway", version, ports: [15021, 8080, 8443, 15090]))
        }
        if profile == "demo" {
            workloads.append(gateway("istio-egressgateway", "egressgateway", version, ports: [8080, 8443, 15090]))
        }
        return workloads.sorted { $0.name < $1.name }
    }

    /// Services of a profile (the gateway's ports map 80→8080 and 443→8443 in modern Istio).
    public static func services(profile: String) -> [Service] {
        func service(_ name: String, _ selector: [String: String], _ type: String, _ ports: [(String, Int, Int, Int?)]) -> Service {
            var service = Service(
                metadata: ObjectMeta(name: name, namespace: "istio-system", labels: selector),
                spec: ServiceSpec(
                    type: type, selector: selector,
                    ports: ports.map { ServicePort(name: $0.0, port: $0.1, targetPort: .int($0.2), nodePort: $0.3) }))
            service.setTypeMeta()
            return service
        }
        let ingressSelector = ["app": "istio-ingressgateway", "istio": "ingressgateway"]
        if profile == "legacy" {
            return [
                service("istio-ingressgateway", ingressSelector, "LoadBalancer", [
                    ("status-port", 15020, 15020, 30962), ("http2", 80, 80, 31380), ("https", 443, 443, 31390),
                    ("tcp", 31400, 31400, 31400), ("tls", 15443, 15443, 31011),
                ]),
                service("istio-pilot", ["app": "pilot", "istio": "pilot"], "ClusterIP", [
                    ("grpc-xds", 15010, 15010, nil), ("https-xds", 15011, 15011, nil), ("http-legacy-discovery", 8080, 8080, nil),
                    ("http-monitoring", 15014, 15014, nil),
                ]),
            ]
        }
        var services = [
            service("istiod", ["app": "istiod", "istio": "pilot"], "ClusterIP", [
                ("grpc-xds", 15010, 15010, nil), ("https-dns", 15012, 15012, nil), ("https-webhook", 443, 15017, nil),
                ("http-monitoring", 15014, 15014, nil),
            ])
        ]
        if profile != "minimal" {
            services.append(
                service("istio-ingressgateway", ingressSelector, "LoadBalancer", [
                    ("status-port", 15021, 15021, 31543), ("http2", 80, 8080, 30080), ("https", 443, 8443, 30443),
                ]))
        }
        if profile == "demo" {
            services.append(
                service("istio-egressgateway", ["app": "istio-egressgateway", "istio": "egressgateway"], "ClusterIP", [
                    ("http2", 80, 8080, nil), ("https", 443, 8443, nil),
                ]))
        }
        return services
    }
}

extension String {
    fileprivate func replacingPrefix() -> String { self == "sidecarInjectorWebhook" ? "sidecar-injector" : self }
}
