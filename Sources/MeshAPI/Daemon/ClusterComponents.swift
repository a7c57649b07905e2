import Foundation
import Logging
import MeshControlPlane
import MeshCore
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

    private init(
        store: ObjectStore, settings: ClusterSettings, eventLoopGroup: MultiThreadedEventLoopGroup,
        gatewayPorts: [String: Int], controlPlane: ControlPlane
    ) {
        self.store = store
        self.settings = settings
        self.eventLoopGroup = eventLoopGroup
        self.gatewayPorts = gatewayPorts
        self.controlPlane = controlPlane
        self.services = controlPlane.services.map { .init(service: $0) }
    }

    /// Opens the store, bootstraps a fresh cluster, and builds the controllers and data plane.
    public static func make(database: ClusterStore?, settings: ClusterSettings, logger: Logger) async throws
        -> ClusterComponents
    {
        let store = try ObjectStore(database: database, seed: settings.seed, admission: AdmissionChain.make(istioVersion: "1.24.0"))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: min(2, System.coreCount))
        let controlPlane = try await ControlPlane.make(
            store: store, configuration: ControlPlaneConfiguration(settings: settings), runtime: NullPodRuntime(),
            logger: logger)
        return ClusterComponents(
            store: store, settings: settings, eventLoopGroup: group, gatewayPorts: ["80": settings.httpPort],
            controlPlane: controlPlane)
    }

    /// Stops the data plane and event loops.
    public func shutdown() async {
        await controlPlane.shutdown()
        await store.closeWatches()
        try? await eventLoopGroup.shutdownGracefully()
    }
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
