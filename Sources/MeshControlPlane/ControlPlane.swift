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

    init(
        store: ObjectStore, runners: [ControllerRunner], kubelet: KubeletController, routes: RouteController,
        events: EventRecorder
    ) {
        self.store = store
        self.runners = runners
        self.services = runners
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
        let events = EventRecorder(store: store, clock: clock, seed: seed &+ 1)
        let kubelet = KubeletController(store: store, events: events, runtime: runtime, clock: clock)
        let routes = RouteController(store: store, publisher: publisher, listenerLocalPorts: listenerLocalPorts)
        let reconcilers: [any Reconciler] = [
            DeploymentController(store: store, events: events, clock: clock),
            ReplicaSetController(store: store, events: events, clock: clock, seed: seed &+ 2),
            SchedulerController(store: store, events: events, clock: clock, seed: seed &+ 3),
            kubelet,
            EndpointsController(store: store),
            GarbageCollector(store: store),
            routes,
        ]
        let runners = reconcilers.map { ControllerRunner(reconciler: $0, store: store, logger: logger) }
        return ControlPlane(store: store, runners: runners, kubelet: kubelet, routes: routes, events: events)
    }

    /// Whether every controller's queue is empty and idle (tests wait on this, never on time).
    public func isIdle() async -> Bool {
        for runner in runners where await !runner.workQueue.isIdle { return false }
        return true
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
        var objects: [AnyResource] = []
        let nodes = bootstrap.nodes()
        objects += nodes.map(AnyResource.init)
        var namespaces = bootstrap.namespaces()
        if configuration.istioProfile != nil, !namespaces.contains(where: { $0.metadata.name == "istio-system" }) {
            namespaces.append(bootstrap.namespace("istio-system"))
        }
        objects += namespaces.map(AnyResource.init)
        objects.append(AnyResource(bootstrap.kubernetesService()))
        objects.append(AnyResource(bootstrap.kubernetesEndpoints()))
        var generator = SeededGenerator(seed: configuration.seed ?? 11)
        objects += KubeSystemInstall.staticPods(
            nodeNames: nodes.map(\.metadata.nameOrEmpty), kubernetesVersion: configuration.kubernetesVersion,
            suffix: { _ in NameSuffix.make(using: &generator) }
        ).map(AnyResource.init)
        objects += KubeSystemInstall.workloads().map { AnyResource($0.deployment) }
        objects += KubeSystemInstall.services().map(AnyResource.init)
        if let profile = configuration.istioProfile {
            objects += IstioInstall.workloads(profile: profile).map { AnyResource($0.deployment) }
            objects += IstioInstall.services(profile: profile).map(AnyResource.init)
        }
        try await store.write(objects.map { .create($0) })
    }
}
