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
    /// The SQLite file (settings live there too), when persistent.
    public let database: ClusterStore?
    /// The ingress gateway and its listener, open while an ingress gateway pod runs.
    public let gatewayHost: GatewayHost
    /// Gateway Service port -> real local port (empty while no ingress gateway runs).
    public var gatewayPorts: [String: Int] { gatewayHost.gatewayPorts }
    /// Long-running services (controllers, node agents, route compiler).
    public let services: [ServiceGroupConfiguration.ServiceConfiguration]
    /// The control plane (controllers and node agents).
    public let controlPlane: ControlPlane
    /// The pod servers.
    public let runtime: DataPlaneRuntime
    /// The ingress gateway, while its listener is open.
    public var gateway: IngressGateway? { gatewayHost.port == nil ? nil : gatewayHost.gateway }

    private init(
        store: ObjectStore, database: ClusterStore?, settings: ClusterSettings,
        eventLoopGroup: MultiThreadedEventLoopGroup, gatewayHost: GatewayHost, controlPlane: ControlPlane,
        runtime: DataPlaneRuntime
    ) {
        self.store = store
        self.database = database
        self.settings = settings
        self.eventLoopGroup = eventLoopGroup
        self.gatewayHost = gatewayHost
        self.controlPlane = controlPlane
        self.runtime = runtime
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
        let gatewayHost = try await GatewayHost(
            requestedPort: settings.httpPort, seed: settings.seed ?? UInt64.random(in: 0...UInt64.max), group: group)
        var listenerLocalPorts: [Int: Int] = [:]
        if let install, install.hasIngressGateway {
            // Opened before the gateway pod runs so a taken port fails `meshsim up` at once; a later
            // `istio install` opens it when its gateway pod starts.
            // Why 8080: modern Istio's gateway listens on 8080 behind Service port 80 (reference §2.2).
            listenerLocalPorts[GatewayHost.routerPort] = try await gatewayHost.open()
        }
        let runtime = DataPlaneRuntime(
            group: group, gatewayHost: gatewayHost, seed: settings.seed ?? UInt64.random(in: 0...UInt64.max),
            ports: settings.podPortRange.map {
                // Daemons side by side start at different points of the range.
                LocalPortAllocator(range: $0, offset: Int(getpid()) &* 7919)
            })
        let controlPlane = try await ControlPlane.make(
            store: store, configuration: ControlPlaneConfiguration(settings: settings), runtime: runtime,
            publisher: GatewayPublisher(gateway: gatewayHost.gateway, runtime: runtime),
            listenerLocalPorts: listenerLocalPorts, logger: logger)
        let routes = controlPlane.routes
        await gatewayHost.onChange { port in
            await routes.setListenerLocalPorts(port.map { [GatewayHost.routerPort: $0] } ?? [:])
        }
        return ClusterComponents(
            store: store, database: database, settings: settings, eventLoopGroup: group, gatewayHost: gatewayHost,
            controlPlane: controlPlane, runtime: runtime)
    }

    /// Stops the data plane and event loops.
    public func shutdown() async {
        await controlPlane.shutdown()
        await gatewayHost.gateway.stop()
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
            httpPort: settings.httpPort, seed: settings.seed)
    }
}
