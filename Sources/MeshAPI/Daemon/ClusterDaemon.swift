import Foundation
import Logging
import MeshControlPlane
import MeshCore
import MeshStore
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The per-profile daemon: the only writer of the SQLite store, running the controllers, the data
/// plane and the API on 127.0.0.1. `meshsim up` starts it; every CLI command talks to it.
public enum ClusterDaemon {
    /// The namespaces whose Deployments (the control plane and Istio) must be available before
    /// the daemon says the cluster is ready.
    public static let bootstrapNamespaces: Set<String> = ["kube-system", "istio-system"]

    /// Runs until SIGTERM/SIGINT or `POST /meshsim/v1/shutdown`; calls `onReady` once the cluster is up.
    public static func run(
        paths: ProfilePaths, settings requested: ClusterSettings, onReady: @escaping @Sendable (DaemonInfo) -> Void
    ) async throws {
        try paths.createDirectory()
        var logger = Logger(label: "meshsim.daemon")
        logger.logLevel =
            ProcessInfo.processInfo.environment["MESHSIM_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let database = try ClusterStore(path: paths.database)
        let settings = try resolveSettings(database: database, requested: requested)
        let components = try await ClusterComponents.make(database: database, settings: settings, logger: logger)

        let apiRouter = APIRouter(components: components)
        let api = try await APIServer.start(port: settings.apiPort, group: components.eventLoopGroup) { request in
            await apiRouter.handle(request)
        }
        let info = DaemonInfo(
            pid: getpid(), apiPort: api.port, gatewayPorts: components.gatewayPorts,
            startedAt: Date().timeIntervalSince1970, version: "0.1.0")
        try info.write(paths)
        try Kubeconfig.write(paths: paths, apiPort: api.port)
        // The gateway listener opens and closes with Istio's ingress gateway: daemon.json follows.
        let current: @Sendable () -> DaemonInfo = {
            var current = info
            current.gatewayPorts = components.gatewayPorts
            return current
        }
        await components.gatewayHost.onChange { _ in try? current().write(paths) }

        let readiness = ReadinessService(components: components, onReady: { onReady(current()) }, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: components.services + [.init(service: readiness)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        apiRouter.onShutdown = { Task { await group.triggerGracefulShutdown() } }
        logger.info("daemon for profile \(paths.profile) listening on 127.0.0.1:\(api.port)")
        try await group.run()
        await api.stop()
        await components.shutdown()
        if DaemonInfo.read(paths)?.pid == getpid() { try? FileManager.default.removeItem(atPath: paths.daemonFile) }
        logger.info("daemon stopped")
    }

    /// The first `up` fixes the cluster's shape; later ones reuse it (as minikube keeps its config).
    static func resolveSettings(database: ClusterStore, requested: ClusterSettings) throws -> ClusterSettings {
        if var settings = ClusterSettings.load(from: database) {
            settings.apiPort = requested.apiPort
            settings.httpPort = requested.httpPort
            return settings
        }
        try requested.save(to: database)
        return requested
    }
}

/// Calls back once every pod of the bootstrap (control plane and Istio) is Running and Ready.
final class ReadinessService: ServiceLifecycle.Service, Sendable {
    let components: ClusterComponents
    let onReady: @Sendable () -> Void
    let logger: Logger

    init(components: ClusterComponents, onReady: @escaping @Sendable () -> Void, logger: Logger) {
        self.components = components
        self.onReady = onReady
        self.logger = logger
    }

    func run() async throws {
        let store = components.store
        await Self.waitUntilReady(store)
        let revision = await store.revision
        logger.info("cluster ready at revision \(revision)")
        onReady()
        try await gracefulShutdown()
    }

    /// Returns once the cluster is ready (or the daemon shuts down).
    ///
    /// The watch lives only in this function: dropping the stream ends the watch, so nothing
    /// buffers every later change for a reader that stopped reading.
    private static func waitUntilReady(_ store: ObjectStore) async {
        let changes = store.watch(kinds: ["Pod", "Deployment", "Node"])
        guard await !isReady(store) else { return }
        for await _ in changes.cancelOnGracefulShutdown() where await isReady(store) { return }
    }

    /// Ready when every node is Ready and every Deployment's desired replicas are available.
    static func isReady(_ store: ObjectStore) async -> Bool {
        let nodes = await store.list(Node.self)
        guard !nodes.isEmpty, nodes.allSatisfy(\.isReady) else { return false }
        for deployment in await store.list(Deployment.self)
        where ClusterDaemon.bootstrapNamespaces.contains(deployment.metadata.namespace ?? "") {
            if (deployment.status?.availableReplicas ?? 0) < deployment.desiredReplicas { return false }
        }
        return true
    }
}
