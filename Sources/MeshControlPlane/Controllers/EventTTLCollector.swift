import MeshCore
import MeshStore
import ServiceLifecycle

/// Deletes Events an hour after they were last touched.
///
/// Why: kube-apiserver stores each Event with an etcd lease of `--event-ttl` (1 h by default), so
/// events expire by themselves; without it a long-running simulated cluster would keep every
/// event of every pod it ever ran.
public final class EventTTLCollector: ServiceLifecycle.Service, Sendable {
    private let store: ObjectStore
    private let clock: any ClusterClock
    /// kube-apiserver's `--event-ttl`, in seconds.
    public let ttl: Double
    private let interval: Duration
    /// The most deletions in one write.
    private static let batch = 500

    /// Creates the collector; it sweeps every `interval`.
    public init(store: ObjectStore, clock: any ClusterClock, ttl: Double = 3600, interval: Duration = .seconds(60)) {
        self.store = store
        self.clock = clock
        self.ttl = ttl
        self.interval = interval
    }

    /// Sweeps every `interval` until the daemon shuts down.
    public func run() async throws {
        let interval = self.interval
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            _ = await sweep()
        }
    }

    /// Deletes every event older than the TTL now; returns how many went.
    @discardableResult
    public func sweep() async -> Int {
        let cutoff = Timestamp.format(clock.now() - ttl)
        let expired = await store.events(touchedBefore: cutoff)
        var deleted = 0
        var start = 0
        while start < expired.count {
            let chunk = expired[start..<min(start + Self.batch, expired.count)]
            start += Self.batch
            deleted += (try? await store.writeSkippingMissing(chunk.map { .delete($0, gracePeriodSeconds: nil) })) ?? 0
        }
        return deleted
    }
}
