/// client-go's workqueue semantics: a key is queued at most once; a key re-added while it is being
/// processed is queued again after `done`, so no change is lost and no key is synced concurrently.
/// A failed key comes back after a backoff, as with client-go's rate-limiting queue.
public actor WorkQueue {
    private var queue: [String] = []
    private var head = 0
    private var dirty: Set<String> = []
    private var processing: Set<String> = []
    private var waiters: [CheckedContinuation<String?, Never>] = []
    private var shuttingDown = false
    /// Failures per key since its last success (`forget`).
    private var failures: [String: Int] = [:]
    /// Keys waiting out their backoff before they are added again.
    private var delayed: [String: Task<Void, Never>] = [:]

    /// The first failure's backoff, doubled per further failure.
    private let baseDelay: Duration

    /// Creates an empty queue; `baseDelay` is client-go's 5 ms unless a test needs another.
    public init(baseDelay: Duration = .milliseconds(5)) {
        self.baseDelay = baseDelay
    }

    /// Adds a key unless it is already waiting.
    public func add(_ key: String) {
        guard !shuttingDown, !dirty.contains(key) else { return }
        dirty.insert(key)
        if processing.contains(key) { return }
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            dirty.remove(key)
            processing.insert(key)
            waiter.resume(returning: key)
            return
        }
        queue.append(key)
    }

    /// Adds many keys.
    public func add<S: Sequence>(contentsOf keys: S) where S.Element == String {
        for key in keys { add(key) }
    }

    /// The next key to process, waiting for one; nil after shutdown.
    public func next() async -> String? {
        if let key = popFirst() { return key }
        if shuttingDown { return nil }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func popFirst() -> String? {
        guard head < queue.count else { return nil }
        let key = queue[head]
        head += 1
        if head > 1024, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        dirty.remove(key)
        processing.insert(key)
        return key
    }

    /// Marks a key processed; if it changed meanwhile it is queued again.
    public func done(_ key: String) {
        processing.remove(key)
        if dirty.contains(key) {
            dirty.remove(key)
            add(key)
        }
    }

    /// Adds a failed key again after its backoff (`backoff(failures:)`), and counts the failure.
    public func addRateLimited(_ key: String) {
        let count = failures[key, default: 0] + 1
        failures[key] = count
        guard !shuttingDown, delayed[key] == nil else { return }
        let delay = Self.backoff(failures: count, base: baseDelay)
        delayed[key] = Task {
            try? await Task.sleep(for: delay)
            self.addAfterBackoff(key)
        }
    }

    private func addAfterBackoff(_ key: String) {
        delayed[key] = nil
        add(key)
    }

    /// Forgets a key's failures (after it synced, or when its controller gives up on it).
    public func forget(_ key: String) {
        failures[key] = nil
    }

    /// How many times a key failed since its last success.
    public func numRequeues(_ key: String) -> Int {
        failures[key] ?? 0
    }

    /// The wait before a key's next try after `failures` failures in a row.
    ///
    /// Why: client-go's default controller rate limiter (ItemExponentialFailureRateLimiter, 5 ms
    /// doubled per failure, at most 1000 s). A conflict with a write still in flight resolves
    /// within the first few tries; retrying at once instead can spend every try before it lands.
    public static func backoff(failures: Int, base: Duration = .milliseconds(5)) -> Duration {
        let exponent = min(max(failures - 1, 0), 30)
        return min(base * (1 << exponent), .seconds(1000))
    }

    /// Keys waiting (not counting those being processed).
    public var depth: Int { queue.count - head }

    /// Failures in a row after which a key waiting out its backoff no longer counts as work in
    /// progress: 5 tries span 5 + 10 + 20 + 40 ms, long enough for a conflicting write in flight.
    public static let retryingFailures = 5

    /// Whether nothing is waiting, being processed, or retrying after a transient failure. A key
    /// that keeps failing (its backoff grows to minutes) does not hold `settle()` for that long.
    public var isIdle: Bool {
        depth == 0 && processing.isEmpty
            && !delayed.keys.contains { numRequeues($0) <= Self.retryingFailures }
    }

    /// Wakes every waiter with nil, drops keys waiting out a backoff, and refuses new keys.
    public func shutDown() {
        shuttingDown = true
        for waiter in waiters { waiter.resume(returning: nil) }
        waiters = []
        for task in delayed.values { task.cancel() }
        delayed = [:]
    }
}
