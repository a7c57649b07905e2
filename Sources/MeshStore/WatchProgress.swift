import Synchronization

/// How far the store has fed one watch: the newest revision handed to its stream.
///
/// A reader that records the revision of each event it has handled can tell, by comparing the
/// two, that nothing it was sent is still waiting in the stream (the control plane's settle check).
public final class WatchProgress: Sendable {
    private let yielded = Atomic<Int>(0)

    /// Creates progress at revision 0.
    public init() {}

    /// The newest revision yielded to the watch.
    public var yieldedRevision: Int { yielded.load(ordering: .acquiring) }

    func record(_ revision: Int) { yielded.store(revision, ordering: .releasing) }
}
