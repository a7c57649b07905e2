import Foundation
import MeshCore

/// Watches: the revision log for resuming, and live streams fed by the persister's broadcasts.
extension ObjectStore {
    /// Changes after `revision` of the given kinds, from the revision log, oldest first; nil when
    /// `revision` is older than the log keeps (the caller answers 410 Gone, as etcd compaction does).
    public func history(after revision: Int, kinds: Set<String>) -> [WatchEvent]? {
        guard revision < self.revision else { return [] }
        guard let database else { return nil }
        guard let oldest = try? database.oldestRevision(), revision >= oldest - 1 else { return nil }
        guard let changes = try? database.changes(after: revision, limit: 1_000_000) else { return nil }
        var events: [WatchEvent] = []
        for change in changes where kinds.contains(change.key.kind) {
            guard let type = ResourceRegistry.type(forKind: change.key.kind),
                let json = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(change.data.utf8)),
                let object = try? AnyResource.decode(json, as: type)
            else { continue }
            events.append(
                WatchEvent(
                    type: change.type, object: object, previous: nil, revision: change.revision, encoded: change.data))
        }
        return events
    }

    /// A stream of every change from now on (optionally only some kinds), in revision order;
    /// `progress`, if given, follows the newest revision yielded to it.
    public nonisolated func watch(kinds: Set<String>? = nil, progress: WatchProgress? = nil)
        -> AsyncStream<WatchEvent>
    {
        hub.watch(kinds: kinds, progress: progress)
    }

    /// The newest revision whose change has been committed and broadcast to every watch; it
    /// trails `revision` while a batch is being committed.
    public nonisolated var broadcastRevision: Int { hub.broadcastRevision }

    /// Number of open watches (for tests and metrics).
    public var watcherCount: Int { hub.count }

    /// Ends every watch (daemon shutdown).
    public func closeWatches() { hub.closeAll() }
}
