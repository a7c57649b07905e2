import MeshCore
import MeshStore

/// The garbage collector: when an owner is deleted, its dependents go too (background cascading
/// deletion, Kubernetes' default for `kubectl delete`).
public actor GarbageCollector: Reconciler {
    public nonisolated let name = "garbage-collector"
    public nonisolated let watchedKinds: Set<String> = ["Deployment", "ReplicaSet", "Pod", "Service", "Namespace"]
    private let store: ObjectStore

    /// Creates the collector.
    public init(store: ObjectStore) { self.store = store }

    /// A deleted object's UID is a key: its dependents must go.
    public nonisolated func keys(for event: WatchEvent) -> [String] {
        guard event.type == .deleted, let uid = event.object.metadata.uid else { return [] }
        if event.object.resourceKind.kind == "Namespace" { return ["ns:" + event.object.metadata.nameOrEmpty] }
        return ["uid:" + uid]
    }

    /// Orphans whose owner no longer exists (a crash between the two deletions).
    public nonisolated func initialKeys(in store: ObjectStore) async -> [String] {
        var live = Set<String>()
        var keys = Set<String>()
        for kind in ["Deployment", "ReplicaSet", "Pod"] {
            for object in await store.list(kind: kind) { if let uid = object.metadata.uid { live.insert(uid) } }
        }
        for kind in ["ReplicaSet", "Pod"] {
            for object in await store.list(kind: kind) {
                for owner in object.metadata.ownerReferences ?? []
                where !live.contains(owner.uid) && owner.kind != "Node" {
                    keys.insert("uid:" + owner.uid)
                }
            }
        }
        return keys.sorted()
    }

    /// Deletes the dependents of one owner (or everything in a deleted namespace).
    public func reconcile(_ key: String) async throws {
        if key.hasPrefix("ns:") {
            let namespace = String(key.dropFirst(3))
            var writes: [WriteOperation] = []
            for kind in ResourceRegistry.kinds where kind.namespaced {
                for object in await store.list(kind: kind.kind, namespace: namespace) {
                    writes.append(.delete(object.key, gracePeriodSeconds: nil))
                }
            }
            if !writes.isEmpty { try await store.write(writes) }
            return
        }
        let uid = String(key.dropFirst(4))
        let dependents = await store.dependents(of: uid)
        guard !dependents.isEmpty else { return }
        try await store.write(
            dependents.filter { $0.metadata.deletionTimestamp == nil }.map { .delete($0.key, gracePeriodSeconds: nil) })
    }
}
