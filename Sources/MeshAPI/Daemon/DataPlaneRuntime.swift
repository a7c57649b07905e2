import Foundation
import MeshControlPlane
import MeshCore
import MeshDataPlane
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The kubelet's container runtime: each pod gets a real `PodServer` on 127.0.0.1 (with an
/// in-process Istio sidecar when injected); the ingress gateway pod is the gateway's listener.
public final class DataPlaneRuntime: PodRuntime {
    private let group: any EventLoopGroup
    private let servers = NIOLockedValueBox<[ObjectKey: PodServer]>([:])
    private let statsServers = NIOLockedValueBox<[ObjectKey: StatsServer]>([:])
    private let gatewayHost: GatewayHost
    private let seed: UInt64
    private let ports: LocalPortAllocator?

    /// Creates the runtime; `gatewayHost` is the gateway listener the ingress gateway pods stand
    /// for; pod servers take ports from `ports` (nil: ephemeral ports).
    public init(
        group: any EventLoopGroup, gatewayHost: GatewayHost, seed: UInt64, ports: LocalPortAllocator? = nil
    ) {
        self.group = group
        self.gatewayHost = gatewayHost
        self.seed = seed
        self.ports = ports
    }

    /// Starts the pod's server (and its proxy's stats listener); an ingress gateway pod opens the
    /// gateway's listener (once) and reports its port instead.
    public func start(pod: Pod, preferredPort: Int?) async throws -> PodPorts {
        if pod.metadata.labels?["istio"] == "ingressgateway" {
            let port = try await gatewayHost.open()
            return PodPorts(
                port: port, statsPort: try await statsPort(for: pod.key, metrics: gatewayHost.gateway.metrics))
        }
        if let existing = servers.withLockedValue({ $0[pod.key] }) {
            return PodPorts(port: existing.port, statsPort: statsServers.withLockedValue { $0[pod.key]?.port })
        }
        let server: PodServer
        if let preferredPort,
            let restarted = try? await PodServer.start(
                Self.configuration(for: pod, port: preferredPort, seed: seed), group: group)
        {
            server = restarted
        } else {
            // Why: after a restart the old port may be taken; any free port will do (the store records it).
            server = try await bindFree { port in
                try await PodServer.start(Self.configuration(for: pod, port: port, seed: seed), group: group)
            }
        }
        servers.withLockedValue { $0[pod.key] = server }
        guard let sidecar = server.sidecar else { return PodPorts(port: server.port) }
        return PodPorts(port: server.port, statsPort: try await statsPort(for: pod.key, metrics: sidecar.metrics))
    }

    /// Why a listener per proxy: every Envoy serves its own `/stats/prometheus` on `:15090`, which
    /// is what Prometheus scrapes; here each proxy gets a free 127.0.0.1 port instead.
    private func statsPort(for key: ObjectKey, metrics: ProxyMetrics) async throws -> Int {
        if let existing = statsServers.withLockedValue({ $0[key] }) { return existing.port }
        let stats = try await bindFree { port in try await StatsServer.start(metrics: metrics, port: port, group: group)
        }
        statsServers.withLockedValue { $0[key] = stats }
        return stats.port
    }

    private func bindFree<T>(_ bind: (Int) async throws -> T) async throws -> T {
        guard let ports else { return try await bind(0) }
        return try await ports.bind(bind)
    }

    /// Stops the pod's server and its proxy's stats listener.
    public func stop(podKey: ObjectKey, graceful: Bool) async {
        if let stats = statsServers.withLockedValue({ $0.removeValue(forKey: podKey) }) { await stats.stop() }
        guard let server = servers.withLockedValue({ $0.removeValue(forKey: podKey) }) else { return }
        await server.stop()
    }

    /// The running server of a pod (logs, misbehaviour knobs).
    public func server(for key: ObjectKey) -> PodServer? { servers.withLockedValue { $0[key] } }

    /// Every running server.
    public var allServers: [ObjectKey: PodServer] { servers.withLockedValue { $0 } }

    /// The server configuration for a pod: content from its image, version and annotations.
    static func configuration(for pod: Pod, port: Int, seed: UInt64) -> PodServerConfiguration {
        let app = pod.appContainer ?? pod.spec.containers[0]
        let version = app.env("SERVICE_VERSION") ?? pod.metadata.labels?["version"]
        let staticDirectory = pod.metadata.annotations?["meshsim.io/static-dir"]
        let content = PodContent.forImage(
            app.image ?? "", version: version, podName: pod.metadata.nameOrEmpty, staticDirectory: staticDirectory)
        var sidecar: SidecarConfiguration?
        if pod.runsSidecar {
            sidecar = SidecarConfiguration(
                identity: ProxyIdentity(
                    workload: SidecarInjector.workloadName(pod), namespace: pod.metadata.namespace ?? "default",
                    labels: pod.metadata.labels ?? [:], serviceAccount: pod.spec.serviceAccountName ?? "default"),
                podIP: pod.status?.podIP ?? "127.0.0.1", containerPort: pod.servingPorts.first ?? 80,
                servingPorts: pod.servingPorts)
        }
        return PodServerConfiguration(
            podName: pod.metadata.nameOrEmpty, content: content, port: port,
            misbehaviour: Misbehaviour(annotations: pod.metadata.annotations ?? [:]),
            seed: seed ^ UInt64(truncatingIfNeeded: pod.metadata.nameOrEmpty.hashValue), sidecar: sidecar,
            containerName: app.name)
    }
}

extension Misbehaviour {
    /// Reads `meshsim.io/latency` (`250ms`, `1s`), `meshsim.io/error-rate` (`0.1` or `10%`) and
    /// `meshsim.io/error-status` (`503`) from pod annotations.
    init(annotations: [String: String]) {
        var latency = TimeAmount.zero
        if let text = annotations["meshsim.io/latency"], let millis = IstioDuration.milliseconds(text) {
            latency = .milliseconds(Int64(millis))
        }
        var rate = 0.0
        if let text = annotations["meshsim.io/error-rate"] {
            rate = text.hasSuffix("%") ? (Double(text.dropLast()) ?? 0) / 100 : (Double(text) ?? 0)
        }
        self.init(
            addedLatency: latency, errorRate: min(max(rate, 0), 1),
            errorStatus: annotations["meshsim.io/error-status"].flatMap { Int($0) } ?? 503)
    }
}
