/// client-go's workqueue semantics: a key is queued at most once; a key re-added while it is being
/// processed is queued again after `done`, so no change is lost and no key is synced concurrently.
public actor WorkQueue {
    private var queue: [String] = []
    private var head = 0
    private var dirty: Set<String> = []
    private var processing: Set<String> = []
    private var waiters: [CheckedContinuation<String?, Never>] = []
    private var shuttingDown = false

    /// Creates an empty queue.
    public init() {}

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

    /// Keys waiting (not counting those being processed).
    public var depth: Int { queue.count - head }

    /// Whether nothing is waiting or being processed.
    public var isIdle: Bool { depth == 0 && processing.isEmpty }

    /// Wakes every waiter with nil and refuses new keys.
    public func shutDown() {
        shuttingDown = true
        for waiter in waiters { waiter.resume(returning: nil) }
        waiters = []
    }
}
