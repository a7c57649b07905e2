import Logging
import MeshControlPlane
import MeshCore
import MeshRouting
import MeshStore

/// A whole control plane in memory, with its controllers running, for convergence tests.
public final class TestCluster: Sendable {
    /// The store.
    public let store: ObjectStore
    /// The controllers.
    public let controlPlane: ControlPlane
    /// The clock controllers read.
    public let clock: ManualClock
    private let task: Task<Void, Never>

    /// Boots a cluster (nodes, system pods, Istio unless `istioProfile` is nil) and starts the controllers.
    public init(
        nodes: Int = 1, istioProfile: String? = "demo", runtime: any PodRuntime = NullPodRuntime(),
        database: ClusterStore? = nil, seed: UInt64 = 42,
        defaultTolerationSeconds: DefaultTolerationSeconds = DefaultTolerationSeconds()
    ) async throws {
        let clock = ManualClock()
        let store = try ObjectStore(
            database: database, clock: clock, seed: seed,
            admission: AdmissionChain.make(defaultTolerationSeconds: defaultTolerationSeconds))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let controlPlane = try await ControlPlane.make(
            store: store,
            configuration: ControlPlaneConfiguration(
                nodes: nodes, cpus: 4, memoryMiB: 8192, istioProfile: istioProfile, seed: seed),
            runtime: runtime, publisher: RecordingPublisher(), listenerLocalPorts: [8080: 8080], clock: clock,
            logger: logger)
        self.store = store
        self.controlPlane = controlPlane
        self.clock = clock
        let runners = controlPlane.runners
        task = Task {
            await withTaskGroup(of: Void.self) { group in
                for runner in runners { group.addTask { try? await runner.run() } }
            }
        }
    }

    /// Waits, event by event (never by sleeping), until `predicate` holds.
    public func waitUntil(_ predicate: @Sendable (ObjectStore) async -> Bool) async {
        let events = store.watch()
        if await predicate(store) { return }
        for await _ in events where await predicate(store) { return }
    }

    /// Stops the controllers.
    public func stop() async {
        task.cancel()
        await task.value
    }
}

/// A route publisher that keeps the newest table.
public actor RecordingPublisher: RoutePublisher {
    /// The newest published table.
    public private(set) var table: RouteTable?
    /// Creates a publisher.
    public init() {}
    /// Keeps the table.
    public func publish(_ table: RouteTable, snapshot: RoutingSnapshot) async { self.table = table }
}
