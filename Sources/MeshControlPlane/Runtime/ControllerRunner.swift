import Logging
import MeshCore
import MeshStore
import ServiceLifecycle
import Synchronization

/// Runs one `Reconciler`: watches the store, feeds its work queue, and syncs keys one at a time.
public final class ControllerRunner: ServiceLifecycle.Service, Sendable {
    private let reconciler: any Reconciler
    private let store: ObjectStore
    private let queue = WorkQueue()
    private let logger: Logger
    private let maxRetries: Int
    private let progress = WatchProgress()
    /// The revision of the newest event whose keys are in the queue.
    private let queued = Atomic<Int>(0)
    /// Set once the initial keys are queued (before that an empty queue means nothing).
    private let started = Atomic<Bool>(false)

    /// Creates a runner.
    public init(reconciler: any Reconciler, store: ObjectStore, logger: Logger, maxRetries: Int = 15) {
        self.reconciler = reconciler
        self.store = store
        self.logger = logger
        self.maxRetries = maxRetries
    }

    /// Whether every change the store has sent this runner is queued and the queue is drained
    /// (nothing waits in the watch stream, in the queue, or in a sync).
    public func isCaughtUp() async -> Bool {
        guard started.load(ordering: .acquiring) else { return false }
        let yielded = progress.yieldedRevision
        guard queued.load(ordering: .acquiring) >= yielded else { return false }
        return await queue.isIdle
    }

    /// Watches and syncs until cancelled.
    public func run() async throws {
        let events = store.watch(kinds: reconciler.watchedKinds, progress: progress)
        await queue.add(contentsOf: await reconciler.initialKeys(in: store))
        started.store(true, ordering: .releasing)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in events.cancelOnGracefulShutdown() {
                    await self.queue.add(contentsOf: self.reconciler.keys(for: event))
                    self.queued.store(event.revision, ordering: .releasing)
                }
                await self.queue.shutDown()
            }
            // Why several workers: kube-controller-manager syncs different keys concurrently
            // (--concurrent-replicaset-syncs=5 ...); the queue never hands out one key twice.
            for _ in 0..<max(1, reconciler.workers) { group.addTask { await self.work() } }
            await group.waitForAll()
        }
    }

    private func work() async {
        while let key = await queue.next() {
            do {
                try await reconciler.reconcile(key)
                await queue.forget(key)
            } catch {
                // Why: kube-controller-manager's controllers requeue a failed key rate-limited; the
                // Deployment and Endpoints controllers drop it after maxRetries (15) failures in a
                // row (the ReplicaSet controller never does). Here every controller drops it, so a
                // key that cannot sync stops retrying, while a transient failure gets about 160 s
                // of backoff to pass.
                if await queue.numRequeues(key) < maxRetries {
                    logger.debug("\(reconciler.name): requeue \(key): \(error)")
                    await queue.addRateLimited(key)
                } else {
                    logger.warning("\(reconciler.name): giving up on \(key): \(error)")
                    await queue.forget(key)
                }
            }
            await queue.done(key)
        }
    }
}
