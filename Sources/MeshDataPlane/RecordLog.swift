/// A bounded, in-memory log of one container (`kubectl logs` source): the newest `capacity`
/// records are kept, older ones are dropped, and followers receive every line appended after
/// they subscribed (`kubectl logs -f`). Records are formatted into lines when read or
/// followed: the gateway keeps its access-log records as small values and formats them on
/// `meshsim logs` (formatting a line per request costs more than forwarding it).
///
/// Thread-safe: appends come from any event loop, reads from any task.
public final class RecordLog<Record: LogRecord>: ContainerLog, Sendable {
    private struct State {
        var records: [Record] = []
        /// Index of the oldest record once the ring is full.
        var head = 0
        var followers: [Int: AsyncStream<String>.Continuation] = [:]
        var nextFollower = 0

        /// The newest `count` retained records, oldest first: only those are copied (under
        /// the lock), and the caller formats them outside it.
        func newest(_ count: Int) -> [Record] {
            let count = min(max(0, count), records.count)
            var result: [Record] = []
            result.reserveCapacity(count)
            for offset in (records.count - count)..<records.count {
                result.append(records[(head + offset) % records.count])
            }
            return result
        }
    }

    private let capacity: Int
    private let state: LockedBox<State>

    /// Creates a log keeping the newest `capacity` records (at least 1).
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        self.state = LockedBox(State())
    }

    /// Appends one record and hands its line to every follower. The ring's slots are values:
    /// a full ring overwrites the oldest in place (no record object is allocated, only the old
    /// record's own strings are released), and the record is moved in, not copied.
    public func append(_ record: consuming Record) {
        var incoming: Record? = consume record
        let (line, followers): (String?, [AsyncStream<String>.Continuation]) = state.withLockedValue { state in
            // Formatted only when someone follows the log (`kubectl logs -f`).
            let line = state.followers.isEmpty ? nil : incoming?.logLine
            if state.records.count < capacity {
                state.records.append(incoming.take()!)
            } else {
                state.records[state.head] = incoming.take()!
                state.head = (state.head + 1) % capacity
            }
            return (line, Array(state.followers.values))
        }
        guard let line else { return }
        for follower in followers { follower.yield(line) }
    }

    /// All retained lines, oldest first.
    public func lines() -> [String] {
        state.withLockedValue { $0.newest($0.records.count) }.map(\.logLine)
    }

    /// The newest `count` lines, oldest first (`kubectl logs --tail`).
    public func tail(_ count: Int) -> [String] {
        state.withLockedValue { $0.newest(count) }.map(\.logLine)
    }

    /// Follows the log: the retained lines first when `includeExisting` (the newest `tail` of
    /// them when given), then every new line until the reader stops or `finishFollowers()`.
    public func follow(includeExisting: Bool = true, tail: Int? = nil) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(capacity))
        let id: Int = state.withLockedValue { state in
            if includeExisting {
                // Formatted under the lock so no line is missed or reordered against appends.
                for record in state.newest(tail ?? state.records.count) { continuation.yield(record.logLine) }
            }
            let id = state.nextFollower
            state.nextFollower += 1
            state.followers[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLockedValue { _ = $0.followers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every follower's stream (the container stopped).
    public func finishFollowers() {
        let followers = state.withLockedValue { state in
            defer { state.followers.removeAll() }
            return Array(state.followers.values)
        }
        for follower in followers { follower.finish() }
    }
}

/// A container's log of text lines (the app's, a sidecar's).
public typealias LogBuffer = RecordLog<String>
