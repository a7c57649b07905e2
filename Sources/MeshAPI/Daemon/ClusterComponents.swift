import Foundation
import Logging
import MeshControlPlane
import MeshCore
import MeshDataPlane
import MeshRouting
import MeshStore
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Everything one daemon runs, wired together: store, controllers, data plane.
public final class ClusterComponents: Sendable {
    /// The object store (cache + SQLite).
    public let store: ObjectStore
    /// The cluster's shape.
    public let settings: ClusterSettings
    /// Event loops for every socket.
    public let eventLoopGroup: MultiThreadedEventLoopGroup
    /// Gateway Service port -> real local port.
    public let gatewayPorts: [String: Int]
    /// Long-running services (controllers, node agents, route compiler).
    public let services: [ServiceGroupConfiguration.ServiceConfiguration]
    /// The control plane (controllers and node agents).
    public let controlPlane: ControlPlane
    /// The pod servers.
    public let runtime: DataPlaneRuntime
    /// The ingress gateway, when Istio with a gateway is installed.
    public let gateway: IngressGateway?

    private init(
        store: ObjectStore, settings: ClusterSettings, eventLoopGroup: MultiThreadedEventLoopGroup,
        gatewayPorts: [String: Int], controlPlane: ControlPlane, runtime: DataPlaneRuntime, gateway: IngressGateway?
    ) {
        self.store = store
        self.settings = settings
        self.eventLoopGroup = eventLoopGroup
        self.gatewayPorts = gatewayPorts
        self.controlPlane = controlPlane
        self.runtime = runtime
        self.gateway = gateway
        self.services = controlPlane.services.map { .init(service: $0) }
    }

    /// Opens the store, starts the gateway listener, bootstraps a fresh cluster, builds the controllers.
    public static func make(database: ClusterStore?, settings: ClusterSettings, logger: Logger) async throws
        -> ClusterComponents
    {
        let install = settings.istioProfile.flatMap(IstioInstall.Profile.init(rawValue:)).map {
            IstioInstall(profile: $0)
        }
        let store = try ObjectStore(
            database: database, seed: settings.seed,
            admission: AdmissionChain.make(defaultTolerationSeconds: settings.defaultTolerationSeconds))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: min(2, System.coreCount))
        var gateway: IngressGateway?
        var gatewayPorts: [String: Int] = [:]
        var listenerLocalPorts: [Int: Int] = [:]
        if let install, install.profile != .minimal {
            let profile = install.profile.rawValue
            // Why 8080: modern Istio's gateway listens on 8080 behind Service port 80 (reference §2.2).
            _ = profile
            let listenerPort = 8080
            let started = try await IngressGateway.start(
                GatewayConfiguration(
                    listeners: [GatewayListener(port: settings.httpPort, routerPort: listenerPort)],
                    seed: settings.seed ?? UInt64.random(in: 0...UInt64.max)),
                router: EmptyRouter(), group: group)
            gateway = started
            let port = started.ports.first ?? settings.httpPort
            gatewayPorts["80"] = port
            listenerLocalPorts[listenerPort] = port
        }
        let runtime = DataPlaneRuntime(
            group: group, gatewayPort: gatewayPorts["80"], seed: settings.seed ?? UInt64.random(in: 0...UInt64.max))
        let controlPlane = try await ControlPlane.make(
            store: store, configuration: ControlPlaneConfiguration(settings: settings), runtime: runtime,
            publisher: GatewayPublisher(gateway: gateway), listenerLocalPorts: listenerLocalPorts, logger: logger)
        return ClusterComponents(
            store: store, settings: settings, eventLoopGroup: group, gatewayPorts: gatewayPorts,
            controlPlane: controlPlane, runtime: runtime, gateway: gateway)
    }

    /// Stops the data plane and event loops.
    public func shutdown() async {
        await controlPlane.shutdown()
        await gateway?.stop()
        await store.closeWatches()
        try? await eventLoopGroup.shutdownGracefully()
    }
}

/// The router before the first table is compiled: no listener, like an Envoy without config.
struct EmptyRouter: RequestRouter {
    func decide(_ request: RoutingRequest, random: inout some RandomNumberGenerator) -> RouteDecision {
        .local(LocalReply(status: 404, responseFlags: "NR", details: "route_not_found"))
    }
    func hasListener(port: Int) -> Bool { false }
}

extension ControlPlaneConfiguration {
    /// Maps the daemon's settings onto the control plane's.
    init(settings: ClusterSettings) {
        self.init(
            nodes: settings.nodes, cpus: settings.cpus, memoryMiB: settings.memoryMiB,
            kubernetesVersion: settings.kubernetesVersion, istioProfile: settings.istioProfile,
            httpPort: settings.httpPort, seed: settings.seed,
            defaultTolerationSeconds: settings.defaultTolerationSeconds)
    }
}
