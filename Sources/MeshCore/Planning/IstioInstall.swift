/// The Istio control plane `meshsim up --istio` installs into `istio-system`, per profile.
///
/// Why: reproduces `istioctl install --set profile=demo|minimal` (istiod, ingress and egress gateways,
/// optionally `samples/addons`) and the Istio 1.1–1.4 `istio-demo.yaml` (pilot, mixer policy/telemetry,
/// citadel, galley, sidecar-injector, gateways, prometheus, grafana, tracing, kiali), as reference §9
/// lists them. Deployments only: the controllers create their ReplicaSets and pods.
public struct IstioInstall: Sendable, Hashable {
    /// Installation profiles.
    public enum Profile: String, Sendable, Hashable, CaseIterable {
        /// istiod + ingress + egress gateways.
        case demo
        /// istiod only.
        case minimal
        /// The 1.1–1.4 istio-demo.yaml control plane.
        case legacy
    }

    /// The profile.
    public var profile: Profile
    /// The Istio version (image tags); `legacy` defaults to 1.4.6.
    public var version: String
    /// Also install prometheus, grafana, jaeger and kiali (`samples/addons`) for modern profiles.
    public var addons: Bool
    /// Creation time.
    public var now: Double = 0

    /// Creates an install.
    public init(profile: Profile, version: String? = nil, addons: Bool = false) {
        self.profile = profile
        self.version = version ?? (profile == .legacy ? "1.4.6" : "1.24.0")
        self.addons = addons
    }

    /// The version of the installed sidecar injector (istiod, or the legacy
    /// `istio-sidecar-injector`), read from its image tag; nil when Istio is not installed.
    public static func installedVersion(lookup: (ObjectKey) -> Deployment?) -> String? {
        for name in ["istiod", "istio-sidecar-injector"] {
            guard let deployment = lookup(ObjectKey(kind: "Deployment", namespace: "istio-system", name: name)),
                deployment.metadata.deletionTimestamp == nil,
                let image = deployment.spec.template.spec.containers.first?.image,
                let colon = image.lastIndex(of: ":")
            else { continue }
            return String(image[image.index(after: colon)...])
        }
        return nil
    }

    /// Whether the profile has an ingress gateway (demo and legacy; minimal has istiod only).
    public var hasIngressGateway: Bool { profile != .minimal }

    /// Labels on the `istio-system` namespace.
    public var namespaceLabels: [String: String] {
        profile == .legacy ? ["istio-injection": "disabled"] : [:]
    }

    /// The Deployments.
    public func deployments(now: Double) -> [Deployment] {
        switch profile {
        case .minimal: return [istiod(now)]
        case .demo:
            return [
                istiod(now), gateway("istio-ingressgateway", "ingressgateway", now),
                gateway("istio-egressgateway", "egressgateway", now),
            ]
                + (addons ? modernAddons(now) : [])
        case .legacy: return legacyDeployments(now)
        }
    }

    /// The Services (ClusterIPs unassigned; nodePorts drawn from `generator`).
    public func services<G: RandomNumberGenerator>(using generator: inout G) -> [Service] {
        func svc(
            _ name: String, _ selector: [String: String], _ ports: [(String, Int, Int, String)],
            type: String = "ClusterIP"
        ) -> Service {
            ClusterBootstrap.service(
                name, namespace: "istio-system", labels: selector.merging(["istio.io/rev": "default"]) { a, _ in a },
                selector: selector, ports: ports, type: type, now: now)
        }
        switch profile {
        case .minimal, .demo:
            var result = [
                svc(
                    "istiod", ["app": "istiod", "istio": "pilot"],
                    [
                        ("grpc-xds", 15010, 15010, "TCP"), ("https-dns", 15012, 15012, "TCP"),
                        ("https-webhook", 443, 15017, "TCP"),
                        ("http-monitoring", 15014, 15014, "TCP"),
                    ])
            ]
            guard profile == .demo else { return result }
            var ingress = svc(
                "istio-ingressgateway", ["app": "istio-ingressgateway", "istio": "ingressgateway"],
                [
                    ("status-port", 15021, 15021, "TCP"), ("http2", 80, 8080, "TCP"), ("https", 443, 8443, "TCP"),
                ], type: "LoadBalancer")
            Self.assignNodePorts(&ingress, fixed: [:], using: &generator)
            result.append(ingress)
            result.append(
                svc(
                    "istio-egressgateway", ["app": "istio-egressgateway", "istio": "egressgateway"],
                    [
                        ("http2", 80, 8080, "TCP"), ("https", 443, 8443, "TCP"),
                    ]))
            if addons {
                result += [
                    svc("prometheus", ["app.kubernetes.io/name": "prometheus"], [("http", 9090, 9090, "TCP")]),
                    svc("grafana", ["app.kubernetes.io/name": "grafana"], [("service", 3000, 3000, "TCP")]),
                    svc("tracing", ["app": "jaeger"], [("http-query", 80, 16686, "TCP")]),
                    svc("kiali", ["app.kubernetes.io/name": "kiali"], [("http", 20001, 20001, "TCP")]),
                ]
            }
            return result
        case .legacy:
            return legacyServices(using: &generator)
        }
    }

    /// Gives every port of a LoadBalancer/NodePort Service a nodePort: `fixed` by port number, else
    /// a seeded pick from 30000–32767 not used yet.
    static func assignNodePorts<G: RandomNumberGenerator>(
        _ service: inout Service, fixed: [Int: Int], using generator: inout G
    ) {
        var used = Set(fixed.values)
        for index in (service.spec.ports ?? []).indices {
            let port = service.spec.ports?[index].port ?? 0
            var nodePort = fixed[port] ?? 0
            while nodePort == 0 || (fixed[port] == nil && used.contains(nodePort)) {
                nodePort = 30000 + Int(generator.next() % 2768)
            }
            used.insert(nodePort)
            service.spec.ports?[index].nodePort = nodePort
        }
    }

    func image(_ name: String) -> String { "docker.io/istio/\(name):\(version)" }

    func istiod(_ now: Double) -> Deployment {
        var container = Container(
            name: "discovery", image: image("pilot"),
            ports: [
                ContainerPort(containerPort: 8080), ContainerPort(containerPort: 15010),
                ContainerPort(containerPort: 15017),
            ])
        container.args = [
            "discovery", "--monitoringAddr=:15014", "--log_output_level=default:info", "--domain", "cluster.local",
            "--keepaliveMaxServerConnectionAge", "30m",
        ]
        container.resources = ResourceRequirements(requests: ["cpu": "10m", "memory": "100Mi"])
        container.readinessProbe = .object([
            "httpGet": .object(["path": .string("/ready"), "port": .int(8080)]), "periodSeconds": .int(3),
        ])
        var deployment = ClusterBootstrap.deployment(
            "istiod", namespace: "istio-system",
            labels: [
                "app": "istiod", "istio": "pilot", "istio.io/rev": "default",
                "sidecar.istio.io/inject": "false",
            ],
            selector: ["istio": "pilot"], containers: [container], now: now)
        deployment.spec.template.spec.serviceAccountName = "istiod"
        return deployment
    }

    func gateway(_ name: String, _ istio: String, _ now: Double) -> Deployment {
        var container = Container(
            name: "istio-proxy", image: image("proxyv2"),
            ports: [
                ContainerPort(name: "status-port", containerPort: 15021), ContainerPort(containerPort: 8080),
                ContainerPort(containerPort: 8443), ContainerPort(name: "http-envoy-prom", containerPort: 15090),
            ])
        container.args = [
            "proxy", "router", "--domain", "$(POD_NAMESPACE).svc.cluster.local", "--proxyLogLevel=warning",
            "--proxyComponentLogLevel=misc:error", "--log_output_level=default:info",
        ]
        container.resources = ResourceRequirements(
            requests: ["cpu": "10m", "memory": "40Mi"], limits: ["cpu": "2", "memory": "1Gi"])
        container.readinessProbe = .object([
            "httpGet": .object(["path": .string("/healthz/ready"), "port": .int(15021)]),
            "periodSeconds": .int(2), "failureThreshold": .int(30),
        ])
        var deployment = ClusterBootstrap.deployment(
            name, namespace: "istio-system",
            labels: [
                "app": name, "istio": istio, "sidecar.istio.io/inject": "false",
                "service.istio.io/canonical-name": name, "service.istio.io/canonical-revision": "latest",
            ],
            selector: ["app": name, "istio": istio], containers: [container], now: now)
        deployment.spec.template.spec.serviceAccountName = "\(name)-service-account"
        return deployment
    }

    func modernAddons(_ now: Double) -> [Deployment] {
        func addon(_ name: String, _ labels: [String: String], _ containers: [Container]) -> Deployment {
            ClusterBootstrap.deployment(
                name, namespace: "istio-system",
                labels: labels.merging(["sidecar.istio.io/inject": "false"]) { a, _ in a },
                selector: labels, containers: containers, now: now)
        }
        return [
            addon(
                "grafana", ["app.kubernetes.io/name": "grafana"],
                [Container(name: "grafana", image: "docker.io/grafana/grafana:11.3.1")]),
            addon(
                "jaeger", ["app": "jaeger"],
                [Container(name: "jaeger", image: "docker.io/jaegertracing/all-in-one:1.63.0")]),
            addon(
                "kiali", ["app.kubernetes.io/name": "kiali"],
                [Container(name: "kiali", image: "quay.io/kiali/kiali:v2.2")]),
            addon(
                "prometheus", ["app.kubernetes.io/name": "prometheus"],
                [
                    Container(
                        name: "prometheus-server-configmap-reload",
                        image: "ghcr.io/prometheus-operator/prometheus-config-reloader:v0.78.2"),
                    Container(
                        name: "prometheus-server", image: "prom/prometheus:v3.0.1",
                        ports: [ContainerPort(containerPort: 9090)]),
                ]),
        ]
    }
}
