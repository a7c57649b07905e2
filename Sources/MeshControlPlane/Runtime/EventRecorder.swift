import MeshCore
import MeshStore

/// client-go's event recorder: controllers record `Event`s without waiting; they are written in
/// batches, and a repeat of the same reason and message on the same object bumps `count`.
public actor EventRecorder {
    private let store: ObjectStore
    private let clock: any ClusterClock
    private var pending: [Event] = []
    private var flushing = false
    /// The last name suffix handed out (nanoseconds, strictly increasing).
    private var lastSuffix: UInt64 = 0

    /// Creates a recorder writing into `store`.
    public init(store: ObjectStore, clock: any ClusterClock = SystemClock()) {
        self.store = store
        self.clock = clock
    }

    /// Records an event about `object` from `component`.
    public func record(
        _ object: AnyResource, type: String = "Normal", reason: String, message: String, component: String
    ) {
        let meta = object.metadata
        let namespace = meta.namespace ?? "default"
        let reference = ObjectReference(
            kind: object.resourceKind.kind, namespace: meta.namespace, name: meta.name, uid: meta.uid,
            apiVersion: object.resourceKind.apiVersion)
        // Why: Kubernetes names events `<object>.<hex of UnixNano>`, so listing by name (what
        // `kubectl get events` and `describe` show) is chronological; a strictly increasing value
        // keeps two events of the same instant distinct.
        let nanos = UInt64(max(0, clock.now()) * 1e9)
        lastSuffix = max(nanos, lastSuffix + 1)
        let suffix = String(lastSuffix, radix: 16)
        var event = Event(
            metadata: ObjectMeta(name: "\(meta.nameOrEmpty).\(suffix)", namespace: namespace),
            involvedObject: reference, reason: reason, message: message, type: type,
            timestamp: Timestamp.format(clock.now()), component: component)
        event.metadata.namespace = namespace
        pending.append(event)
        guard !flushing else { return }
        flushing = true
        Task { await self.flush() }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            _ = try? await store.write(batch.map { .create(AnyResource($0)) })
        }
        flushing = false
    }

    /// Whether every recorded event is written.
    public var isIdle: Bool { !flushing && pending.isEmpty }
}
