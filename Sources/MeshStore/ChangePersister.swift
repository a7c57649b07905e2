import Foundation
import MeshCore
import Synchronization

/// Writes the store's accepted batches to SQLite off the store actor: each object is encoded
/// once, every batch waiting at that moment goes into one transaction (group commit), then the
/// events are broadcast in revision order and the writers resumed.
///
/// Why: etcd acknowledges a write only once it is durable, and notifies watchers after commit;
/// doing the JSON encoding and the SQLite work here, on another thread, leaves the store actor
/// free to admit the next writes meanwhile (it was the control plane's bottleneck).
final class ChangePersister: Sendable {
    /// One accepted change, before encoding.
    struct Change: Sendable {
        var type: StoredChange.ChangeType
        var object: AnyResource
        var previous: AnyResource?
        var revision: Int
    }

    private struct Batch {
        var changes: [Change]
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var queue: [Batch] = []
        var draining = false
    }

    private let database: ClusterStore?
    private let hub: WatchHub
    private let state = Mutex(State())

    init(database: ClusterStore?, hub: WatchHub) {
        self.database = database
        self.hub = hub
    }

    /// Queues a batch; `continuation` resumes once it is durable and broadcast. Synchronous on
    /// purpose: the store calls it on its actor right after assigning the batch's revisions, so
    /// batches queue in revision order (an `async` method would hop executors first, and two
    /// writers could overtake each other on the way).
    func submit(_ changes: [Change], continuation: CheckedContinuation<Void, any Error>) {
        let start = state.withLock { state in
            state.queue.append(Batch(changes: changes, continuation: continuation))
            if state.draining { return false }
            state.draining = true
            return true
        }
        if start { Task.detached { self.drain() } }
    }

    private func drain() {
        let encoder = JSONCoding.storageEncoder
        while true {
            let batches: [Batch] = state.withLock { state in
                let taken = state.queue
                state.queue = []
                if taken.isEmpty { state.draining = false }
                return taken
            }
            if batches.isEmpty { return }
            var stored: [StoredChange] = []
            var events: [WatchEvent] = []
            var encodingFailure: (any Error)?
            for batch in batches {
                for change in batch.changes {
                    let data: String
                    do {
                        data = String(decoding: try encoder.encode(change.object.base), as: UTF8.self)
                    } catch {
                        encodingFailure = StoreError(
                            .internalError, "encoding \(change.object.displayName): \(error)", key: change.object.key)
                        data = "{}"
                    }
                    stored.append(
                        StoredChange(
                            type: change.type, key: change.object.key, uid: change.object.metadata.uid ?? "",
                            revision: change.revision, data: data))
                    events.append(
                        WatchEvent(
                            type: change.type, object: change.object, previous: change.previous,
                            revision: change.revision, encoded: data))
                }
            }
            do {
                if let encodingFailure { throw encodingFailure }
                try database?.commit(stored)
            } catch {
                let failure = error as? StoreError ?? StoreError(.internalError, "storage: \(error)")
                for batch in batches { batch.continuation.resume(throwing: failure) }
                // These revisions will never be broadcast; the settle check must not wait for them.
                if let last = stored.last { hub.markBroadcast(through: last.revision) }
                continue
            }
            hub.broadcast(events)
            for batch in batches { batch.continuation.resume() }
        }
    }
}
