import MeshCore
import MeshStore

/// The ReplicaSet controller: keeps `replicas` pods alive, named `<rs>-<5 chars>`, and writes status.
///
/// Why no expectations cache here: Kubernetes needs `ControllerExpectations` because its informer
/// cache lags behind its own writes. meshsim's controllers read the store's authoritative cache,
/// which already holds the pods a write created, so a sync can never double-create.
public actor ReplicaSetController: Reconciler {
    public nonisolated let name = "replicaset-controller"
    public nonisolated let watchedKinds: Set<String> = ["ReplicaSet", "Pod"]
    private let store: ObjectStore
    private let events: EventRecorder
    private let clock: any ClusterClock
    private let seed: UInt64
    /// One name generator per ReplicaSet, so concurrent syncs draw the same names for the same seed.
    private var generators: [ObjectKey: SeededGenerator] = [:]
    private let planner = ReplicaSetPlanner()
    /// kube-controller-manager's `--concurrent-replicaset-syncs` default.
    public nonisolated var workers: Int { 5 }

    /// Creates the controller.
    public init(store: ObjectStore, events: EventRecorder, clock: any ClusterClock, seed: UInt64) {
        self.store = store
        self.events = events
        self.clock = clock
        self.seed = seed
    }

    /// An RS change syncs that RS; a pod change syncs the RS that controls it.
    public nonisolated func keys(for event: WatchEvent) -> [String] {
        let object = event.object
        if object.resourceKind.kind == "ReplicaSet" { return [object.key.description] }
        guard let owner = object.metadata.controllerRef, owner.kind == "ReplicaSet" else { return [] }
        return ["\(object.metadata.namespace ?? "default")/\(owner.name)"]
    }

    /// Every ReplicaSet.
    public nonisolated func initialKeys(in store: ObjectStore) async -> [String] {
        await store.list(kind: "ReplicaSet").map(\.key.description)
    }

    /// Creates or deletes pods to match `replicas`, then records status.
    public func reconcile(_ key: String) async throws {
        let objectKey = ObjectKey.fromQueueKey(key, kind: "ReplicaSet")
        guard let rs = await store.get(objectKey)?.as(ReplicaSet.self), let uid = rs.metadata.uid else {
            generators[objectKey] = nil
            return
        }
        let pods = await store.dependents(Pod.self, of: uid)
        let now = clock.now()
        var generator = generators[objectKey] ?? SeededGenerator(seed: seed ^ StableHash.fnv1a(objectKey.description))
        let plan = planner.plan(replicaSet: rs, pods: pods, expectationsSatisfied: true, now: now, using: &generator)
        generators[objectKey] = generator
        var writes: [WriteOperation] = []
        for action in plan.actions {
            switch action {
            case .adopt(let pod), .release(let pod): writes.append(.update(AnyResource(pod)))
            case .createPods(let created):
                writes.append(contentsOf: created.map { .create(AnyResource($0)) })
            case .deletePods(let deleted):
                writes.append(contentsOf: deleted.map { .delete($0.key, gracePeriodSeconds: nil) })
            case .updateStatus: break
            }
        }
        if !writes.isEmpty { try await store.write(writes) }
        for pod in plan.podsToCreate {
            await events.record(
                AnyResource(rs), reason: "SuccessfulCreate", message: "Created pod: \(pod.metadata.nameOrEmpty)",
                component: "replicaset-controller")
        }
        for pod in plan.podsToDelete {
            await events.record(
                AnyResource(rs), reason: "SuccessfulDelete", message: "Deleted pod: \(pod.metadata.nameOrEmpty)",
                component: "replicaset-controller")
        }
        // Recompute from the store after our writes so status reflects them.
        let current = await store.dependents(Pod.self, of: uid).filter(\.isActive)
        var updated = rs
        updated.status = ReplicaSetPlanner.status(of: rs, pods: current, now: now)
        if updated.status != rs.status { try await store.write([.updateStatus(AnyResource(updated))]) }
    }
}
