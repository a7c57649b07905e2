import Logging
import MeshCore
import MeshRouting
import MeshStore
import ServiceLifecycle

/// The controllers and node agents of one cluster, ready to run in a `ServiceGroup`.
public final class ControlPlane: Sendable {
    /// The store every controller reads and writes.
    public let store: ObjectStore
    /// Long-running services (one runner per controller).
    public let services: [any ServiceLifecycle.Service]
    /// The kubelets (for `kill-pod` and shutdown).
    public let kubelet: KubeletController
    /// The route compiler (for `routes`, `explain`, `analyze`, `apply --wait`).
    public let routes: RouteController
    /// The event recorder.
    public let events: EventRecorder
    /// The runners, for idleness checks in tests.
    public let runners: [ControllerRunner]
    /// The clock every controller reads (timers included).
    public let clock: any ClusterClock
    /// The taint-eviction controller (its scheduled evictions).
    public let taintEviction: TaintEvictionController
    /// The event TTL (kube-apiserver's `--event-ttl`).
    public let eventTTL: EventTTLCollector

    init(
        store: ObjectStore, runners: [ControllerRunner], kubelet: KubeletController, routes: RouteController,
        events: EventRecorder, clock: any ClusterClock, taintEviction: TaintEvictionController,
        eventTTL: EventTTLCollector
    ) {
        self.clock = clock
        self.taintEviction = taintEviction
        self.eventTTL = eventTTL
        self.store = store
        self.runners = runners
        self.services = runners + [eventTTL]
        self.kubelet = kubelet
        self.routes = routes
        self.events = events
    }

    /// Bootstraps a fresh cluster (nodes, namespaces, system pods, Istio) and builds the controllers.
    public static func make(
        store: ObjectStore, configuration: ControlPlaneConfiguration, runtime: any PodRuntime,
        publisher: any RoutePublisher, listenerLocalPorts: [Int: Int], clock: any ClusterClock = SystemClock(),
        logger: Logger
    ) async throws -> ControlPlane {
        if await store.count(kind: "Node") == 0 {
            try await ClusterInstaller(configuration: configuration, clock: clock).install(into: store)
        }
        let seed = configuration.seed ?? UInt64.random(in: 0...UInt64.max)
        let events = EventRecorder(store: store, clock: clock)
        let kubelet = KubeletController(store: store, events: events, runtime: runtime, clock: clock)
        let routes = RouteController(store: store, publisher: publisher, listenerLocalPorts: listenerLocalPorts)
        let taintEviction = TaintEvictionController(store: store, events: events, clock: clock)
        let reconcilers: [any Reconciler] = [
            DeploymentController(store: store, events: events, clock: clock),
            ReplicaSetController(store: store, events: events, clock: clock, seed: seed &+ 2),
            SchedulerController(store: store, events: events, clock: clock, seed: seed &+ 3),
            kubelet,
            EndpointsController(store: store),
            GarbageCollector(store: store),
            taintEviction,
            routes,
        ]
        let runners = reconcilers.map { ControllerRunner(reconciler: $0, store: store, logger: logger) }
        return ControlPlane(
            store: store, runners: runners, kubelet: kubelet, routes: routes, events: events, clock: clock,
            taintEviction: taintEviction, eventTTL: EventTTLCollector(store: store, clock: clock))
    }

    /// Waits until the controllers have nothing left to do: every committed change has reached
    /// every controller that watches its kind, every queue is drained, every recorded Event is
    /// written, and no new change arrived meanwhile. Returns that revision and whether it settled
    /// (false once `timeout` passes, for a cluster that never goes quiet). Timers (a pod's
    /// readiness delay, a toleration running out) are not waited for.
    ///
    /// Why: `traffic` and scenarios send requests right after `rollout status`, which follows the
    /// Deployment's status; the Endpoints write for the same pods is another controller's work and
    /// may still be queued. A real cluster gives no such promise; meshsim can, so a run that waits
    /// sees the cluster it asked about.
    public func settle(timeout: Duration = .seconds(5)) async -> (revision: Int, settled: Bool) {
        let deadline = ContinuousClock.now + timeout
        var pause = Duration.milliseconds(1)
        while true {
            let revision = await store.revision
            if await isQuiet(at: revision) { return (revision, true) }
            if ContinuousClock.now >= deadline { return (await store.revision, false) }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(20))
        }
    }

    private func isQuiet(at revision: Int) async -> Bool {
        guard store.broadcastRevision >= revision else { return false }
        for runner in runners where await !runner.isCaughtUp() { return false }
        guard await events.isIdle else { return false }
        return await store.revision == revision
    }

    /// Stops the pod servers (pods stay Running in the store and restart with the daemon).
    public func shutdown() async {
        await kubelet.stopAll()
    }
}

/// Writes a fresh cluster's objects in one transaction.
struct ClusterInstaller {
    let configuration: ControlPlaneConfiguration
    let clock: any ClusterClock

    func install(into store: ObjectStore) async throws {
        var parameters = ClusterBootstrap.Parameters()
        parameters.nodes = configuration.nodes
        parameters.cpus = configuration.cpus
        parameters.memoryMiB = configuration.memoryMiB
        parameters.kubernetesVersion = configuration.kubernetesVersion
        parameters.now = clock.now()
        let bootstrap = ClusterBootstrap(parameters: parameters)
        var generator = SeededGenerator(seed: configuration.seed ?? 11)
        let istio = configuration.istioProfile.flatMap(IstioInstall.Profile.init(rawValue:)).map {
            IstioInstall(profile: $0)
        }
        let parts = bootstrap.objects(istio: istio, using: &generator)
        var objects: [AnyResource] = []
        objects += parts.nodes.map(AnyResource.init)
        objects += parts.namespaces.map(AnyResource.init)
        objects += parts.services.map(AnyResource.init)
        objects += parts.endpoints.map(AnyResource.init)
        objects += parts.deployments.map(AnyResource.init)
        objects += parts.pods.map(AnyResource.init)
        try await store.write(objects.map { .create($0) })
    }
}
