import NIOCore

/// A bounded, in-memory log of one container (`kubectl logs` source): the newest `capacity`
/// records are kept, older ones are dropped, and followers receive every line appended after
/// they subscribed (`kubectl logs -f`). Records are formatted into lines only when read: the
/// gateway keeps its access-log records as small values and formats them on `meshsim logs`
/// (formatting a line per request costs more than forwarding it).
///
/// Thread-safe: appends come from any event loop, reads from any task.
public final class RecordLog<Record: LogRecord>: ContainerLog, Sendable {
    private struct State {
        var records: [Record] = []

        /// Retained records, oldest first (formatted by the caller, outside the lock).
        var ordered: [Record] { Array(records[head...] + records[..<head]) }
        /// Index of the oldest record once the ring is full.
        var head = 0
        var followers: [Int: AsyncStream<String>.Continuation] = [:]
        var nextFollower = 0
    }

    private let capacity: Int
    private let state: LockedBox<State>

    /// Creates a log keeping the newest `capacity` records (at least 1).
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        self.state = LockedBox(State())
    }

    /// Appends one record and hands its line to every follower. The ring's slots are values:
    /// a full ring overwrites the oldest in place, allocating and freeing nothing, and the
    /// record is moved in, not copied.
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

    public func lines() -> [String] {
        state.withLockedValue { $0.ordered }.map(\.logLine)
    }

    public func tail(_ count: Int) -> [String] {
        state.withLockedValue { $0.ordered.suffix(max(0, count)) }.map(\.logLine)
    }

    public func follow(includeExisting: Bool = true, tail: Int? = nil) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(capacity))
        let id: Int = state.withLockedValue { state in
            if includeExisting {
                // Formatted under the lock so no line is missed or reordered against appends.
                var existing = state.ordered
                if let tail { existing = Array(existing.suffix(max(0, tail))) }
                for record in existing { continuation.yield(record.logLine) }
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

/// What a container log keeps per line: the text itself, or data formatted when read.
public protocol LogRecord: Sendable {
    /// The formatted line, without trailing newline.
    var logLine: String { get }
}

extension String: LogRecord {
    /// The line itself.
    public var logLine: String { self }
}
