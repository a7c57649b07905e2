import MeshCore
import Synchronization

/// The open watches and their fan-out. Lock-protected rather than actor-isolated, so the
/// persister can broadcast committed changes without a hop through the store actor.
final class WatchHub: Sendable {
    private struct Watcher {
        var kinds: Set<String>?
        var continuation: AsyncStream<WatchEvent>.Continuation
        var progress: WatchProgress?
    }

    private struct State {
        var watchers: [UInt64: Watcher] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let broadcastThrough = Atomic<Int>(0)

    /// The newest revision broadcast to the watches (every change up to it has been yielded).
    var broadcastRevision: Int { broadcastThrough.load(ordering: .acquiring) }

    /// A stream of every change broadcast from now on (optionally only some kinds); `progress`,
    /// if given, follows the newest revision yielded to it.
    func watch(kinds: Set<String>?, progress: WatchProgress? = nil) -> AsyncStream<WatchEvent> {
        let (stream, continuation) = AsyncStream<WatchEvent>.makeStream()
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.watchers[id] = Watcher(kinds: kinds, continuation: continuation, progress: progress)
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Hands events (in revision order) to every interested watch; a watch whose reader is gone
    /// is dropped at once, so no buffer keeps filling for nobody.
    func broadcast(_ events: [WatchEvent]) {
        state.withLock { state in
            for event in events {
                for (id, watcher) in state.watchers where watcher.kinds?.contains(event.object.key.kind) ?? true {
                    if case .terminated = watcher.continuation.yield(event) {
                        state.watchers[id] = nil
                    } else {
                        watcher.progress?.record(event.revision)
                    }
                }
            }
            if let last = events.last { markBroadcast(through: last.revision) }
        }
    }

    /// Records that every change up to `revision` has been handed out, or never will be (the
    /// revision a store was loaded at; a batch whose commit failed). Called only from the store's
    /// start-up and the persister's single drain, one at a time and in revision order.
    func markBroadcast(through revision: Int) {
        broadcastThrough.store(revision, ordering: .releasing)
    }

    /// Number of open watches.
    var count: Int { state.withLock { $0.watchers.count } }

    /// Ends every watch (daemon shutdown).
    func closeAll() {
        let continuations = state.withLock { state in
            let all = state.watchers.values.map(\.continuation)
            state.watchers = [:]
            return all
        }
        for continuation in continuations { continuation.finish() }
    }
}
