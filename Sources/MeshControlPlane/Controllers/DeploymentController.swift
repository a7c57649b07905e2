import MeshCore
import MeshStore

/// The Deployment controller: one ReplicaSet per pod template, rolled by strategy, with status and
/// conditions as `kubectl rollout status` reads them. Decisions come from `DeploymentPlanner`.
public actor DeploymentController: Reconciler {
    public nonisolated let name = "deployment-controller"
    public nonisolated let watchedKinds: Set<String> = ["Deployment", "ReplicaSet"]
    private let store: ObjectStore
    private let events: EventRecorder
    private let clock: any ClusterClock
    private let planner = DeploymentPlanner()
    /// kube-controller-manager's `--concurrent-deployment-syncs` default.
    public nonisolated var workers: Int { 5 }

    /// Creates the controller.
    public init(store: ObjectStore, events: EventRecorder, clock: any ClusterClock) {
        self.store = store
        self.events = events
        self.clock = clock
    }

    /// A Deployment change syncs it; a ReplicaSet change syncs its owning Deployment.
    public nonisolated func keys(for event: WatchEvent) -> [String] {
        let object = event.object
        if object.resourceKind.kind == "Deployment" { return [object.key.description] }
        guard let owner = object.metadata.controllerRef, owner.kind == "Deployment" else { return [] }
        return ["\(object.metadata.namespace ?? "default")/\(owner.name)"]
    }

    /// Every Deployment.
    public nonisolated func initialKeys(in store: ObjectStore) async -> [String] {
        await store.list(kind: "Deployment").map(\.key.description)
    }

    /// Runs one planner sync and executes its actions in order.
    public func reconcile(_ key: String) async throws {
        let objectKey = ObjectKey.fromQueueKey(key, kind: "Deployment")
        guard let deployment = await store.get(objectKey)?.as(Deployment.self), let uid = deployment.metadata.uid,
            deployment.metadata.deletionTimestamp == nil
        else { return }
        let replicaSets = await store.dependents(ReplicaSet.self, of: uid)
        var livePods: [String: Int] = [:]
        for rs in replicaSets {
            livePods[rs.metadata.nameOrEmpty] = await store.dependents(Pod.self, of: rs.metadata.uid ?? "").filter {
                $0.phase != "Succeeded" && $0.phase != "Failed"
            }.count
        }
        let plan = planner.plan(deployment: deployment, replicaSets: replicaSets, livePods: livePods, now: clock.now())
        for action in plan.actions {
            switch action {
            case .createReplicaSet(let rs):
                // Why: an existing RS of that name (a replayed sync) is found by the next sync.
                if await store.get(rs.key) != nil { continue }
                try await store.write([.create(AnyResource(rs))])
            case .updateReplicaSet(let rs), .adoptReplicaSet(let rs), .releaseReplicaSet(let rs):
                var copy = rs
                copy.metadata.resourceVersion = nil
                try await store.write([.update(AnyResource(copy))])
            case .deleteReplicaSet(let rs):
                try await store.write([.delete(rs.key, gracePeriodSeconds: nil)])
            case .event(let type, let reason, let message):
                await events.record(
                    AnyResource(deployment), type: type, reason: reason, message: message,
                    component: "deployment-controller")
            case .updateDeployment(let updated):
                try await store.write([.update(AnyResource(updated))])
            }
        }
    }
}
