import MeshCore
import MeshStore

/// client-go's event recorder: controllers record `Event`s without waiting; they are written in
/// batches, and a repeat of the same reason and message on the same object bumps `count`.
public actor EventRecorder {
    private let store: ObjectStore
    private let clock: any ClusterClock
    private var pending: [Event] = []
    private var flushing = false
    private var generator: SeededGenerator

    /// Creates a recorder writing into `store`.
    public init(store: ObjectStore, clock: any ClusterClock = SystemClock(), seed: UInt64 = 7) {
        self.store = store
        self.clock = clock
        generator = SeededGenerator(seed: seed)
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
        // Why: Kubernetes names events `<object>.<hex>`; a unique suffix keeps them distinct.
        let suffix = String(generator.next() & 0xFFFF_FFFF_FFFF, radix: 16)
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

    /// Waits until every recorded event is written (tests).
    public func drain() async {
        while flushing || !pending.isEmpty { await Task.yield() }
    }
}
