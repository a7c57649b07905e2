import MeshCore
import MeshStore

/// One level-triggered controller: which changes concern it, and how to converge one key.
///
/// Why this shape: Kubernetes' sample-controller — event handlers only enqueue keys, a worker
/// syncs one key at a time from current state, errors requeue. Decisions live in pure planners.
public protocol Reconciler: Sendable {
    /// Name for logs (`deployment-controller`).
    var name: String { get }
    /// Kinds whose changes this controller watches.
    var watchedKinds: Set<String> { get }
    /// The keys to sync for one change (the object's own key, or its owner's).
    func keys(for event: WatchEvent) -> [String]
    /// Every key to sync at start-up (level-triggered resync after a restart).
    func initialKeys(in store: ObjectStore) async -> [String]
    /// Converges one key; throwing requeues it.
    func reconcile(_ key: String) async throws
    /// How many keys are synced at once (never the same key twice; see `WorkQueue`).
    var workers: Int { get }
}

extension Reconciler {
    /// One worker unless a controller says otherwise.
    public var workers: Int { 1 }
}

extension ObjectKey {
    /// Parses a `namespace/name` queue key.
    public static func fromQueueKey(_ key: String, kind: String) -> ObjectKey {
        if let slash = key.firstIndex(of: "/") {
            return ObjectKey(
                kind: kind, namespace: String(key[..<slash]), name: String(key[key.index(after: slash)...]))
        }
        return ObjectKey(kind: kind, namespace: "", name: key)
    }
}
