import MeshCore
import Synchronization

/// The open watches and their fan-out. Lock-protected rather than actor-isolated, so the
/// persister can broadcast committed changes without a hop through the store actor.
final class WatchHub: Sendable {
    private struct Watcher {
        var kinds: Set<String>?
        var continuation: AsyncStream<WatchEvent>.Continuation
    }

    private struct State {
        var watchers: [UInt64: Watcher] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// A stream of every change broadcast from now on (optionally only some kinds).
    func watch(kinds: Set<String>?) -> AsyncStream<WatchEvent> {
        let (stream, continuation) = AsyncStream<WatchEvent>.makeStream()
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.watchers[id] = Watcher(kinds: kinds, continuation: continuation)
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
                    if case .terminated = watcher.continuation.yield(event) { state.watchers[id] = nil }
                }
            }
        }
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
