import Logging
import MeshControlPlane
import MeshCore
import MeshStore
import Synchronization
import Testing

/// client-go's rate-limiting work queue, and a controller that retries a failing key with it.
@Suite("Work queue retries", .timeLimit(.minutes(1)))
struct WorkQueueTests {
    @Test func backoffDoublesFromFiveMillisecondsUpToAThousandSeconds() {
        #expect(WorkQueue.backoff(failures: 1) == .milliseconds(5))
        #expect(WorkQueue.backoff(failures: 2) == .milliseconds(10))
        #expect(WorkQueue.backoff(failures: 3) == .milliseconds(20))
        // The 15th retry of a controller with maxRetries 15 waits 81.92 s.
        #expect(WorkQueue.backoff(failures: 15) == .milliseconds(81_920))
        #expect(WorkQueue.backoff(failures: 40) == .seconds(1000))
    }

    @Test func aFailedKeyComesBackAfterItsBackoffAndTheQueueIsBusyMeanwhile() async {
        let queue = WorkQueue()
        await queue.add("default/web")
        #expect(await queue.next() == "default/web")
        await queue.addRateLimited("default/web")
        await queue.done("default/web")
        #expect(await queue.isIdle == false, "a key waiting out its backoff is still work to do")
        #expect(await queue.numRequeues("default/web") == 1)
        #expect(await queue.next() == "default/web")
        await queue.forget("default/web")
        await queue.done("default/web")
        #expect(await queue.numRequeues("default/web") == 0)
        #expect(await queue.isIdle)
    }

    @Test func aKeyThatKeepsFailingNoLongerCountsAsWork() async {
        let queue = WorkQueue(baseDelay: .seconds(3600))
        await queue.addRateLimited("default/stuck")
        #expect(await queue.isIdle == false)
        for _ in 0..<WorkQueue.retryingFailures { await queue.addRateLimited("default/stuck") }
        #expect(await queue.numRequeues("default/stuck") == WorkQueue.retryingFailures + 1)
        #expect(await queue.isIdle, "settle() does not wait out a backoff of minutes")
        await queue.shutDown()
    }

    @Test func shuttingDownDropsKeysWaitingOutABackoff() async {
        // An hour's backoff: the key is surely still waiting when the queue shuts down.
        let queue = WorkQueue(baseDelay: .seconds(3600))
        await queue.addRateLimited("default/slow")
        #expect(await queue.isIdle == false)
        await queue.shutDown()
        #expect(await queue.isIdle)
        #expect(await queue.next() == nil)
    }

    /// Fails every sync for its first `failingFor` after the first try, as a write conflicting
    /// with another write still in flight does on a loaded machine; says when a sync succeeds.
    final class ConflictingReconciler: Reconciler {
        let name = "conflicting-controller"
        let watchedKinds: Set<String> = ["ConfigMap"]
        let failingFor: Duration
        let attempts = Atomic<Int>(0)
        let firstTry = Mutex<ContinuousClock.Instant?>(nil)
        let synced: AsyncStream<Int>.Continuation
        let syncs: AsyncStream<Int>

        init(failingFor: Duration) {
            self.failingFor = failingFor
            (syncs, synced) = AsyncStream.makeStream()
        }

        func keys(for event: WatchEvent) -> [String] { [] }
        func initialKeys(in store: ObjectStore) async -> [String] { ["default/web"] }
        func reconcile(_ key: String) async throws {
            let attempt = attempts.add(1, ordering: .relaxed).newValue
            let now = ContinuousClock.now
            let first = firstTry.withLock { first in
                if first == nil { first = now }
                return first!
            }
            if now - first < failingFor {
                throw StoreError(.conflict, "Operation cannot be fulfilled: the object has been modified")
            }
            synced.yield(attempt)
        }
    }

    /// Retrying at once spent all 15 tries within a millisecond, so a conflict that lasted
    /// longer left the key unsynced for good (a Deployment never available, `up` never ready).
    @Test func aKeyWhoseConflictLastsAWhileStillSyncs() async throws {
        let store = try ObjectStore(database: nil, seed: 1)
        let reconciler = ConflictingReconciler(failingFor: .milliseconds(100))
        let runner = ControllerRunner(reconciler: reconciler, store: store, logger: Logger(label: "test"))
        let task = Task { try await runner.run() }
        var syncs = reconciler.syncs.makeAsyncIterator()
        let attempt = await syncs.next()
        // It failed at least once and synced within the controller's 15 retries.
        #expect(attempt.map { (2...16).contains($0) } == true, "synced at attempt \(String(describing: attempt))")
        task.cancel()
    }
}
