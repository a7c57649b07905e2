import NIOCore

/// A bounded, in-memory log of one container (`kubectl logs` source): the newest `capacity`
/// lines are kept, older ones are dropped, and followers receive every line appended after
/// they subscribed (`kubectl logs -f`).
///
/// Thread-safe: appends come from any event loop, reads from any task.
public final class LogBuffer: Sendable {
    /// A retained line: text, or a record formatted only when someone reads it (the proxies'
    /// access log: formatting a line per request costs more than forwarding it).
    private enum Record {
        case text(String)
        case deferred(any DeferredLogLine)

        var line: String {
            switch self {
            case .text(let text): return text
            case .deferred(let record): return record.line
            }
        }
    }

    private struct State {
        var lines: [Record] = []

        /// Retained records, oldest first (formatted by the caller, outside the lock).
        var ordered: [Record] { Array(lines[head...] + lines[..<head]) }
        /// Index of the oldest line once the ring is full.
        var head = 0
        var followers: [Int: AsyncStream<String>.Continuation] = [:]
        var nextFollower = 0
    }

    private let capacity: Int
    private let state = LockedBox(State())

    /// Creates a buffer keeping the newest `capacity` lines (at least 1).
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// Appends one line (without trailing newline) and hands it to every follower.
    public func append(_ line: String) { append(.text(line)) }

    /// Appends a record that is formatted when read (at once only when someone follows).
    func append(deferred record: any DeferredLogLine) { append(.deferred(record)) }

    private func append(_ record: Record) {
        let followers: [AsyncStream<String>.Continuation] = state.withLockedValue { state in
            if state.lines.count < capacity {
                state.lines.append(record)
            } else {
                state.lines[state.head] = record
                state.head = (state.head + 1) % capacity
            }
            return state.followers.isEmpty ? [] : Array(state.followers.values)
        }
        guard !followers.isEmpty else { return }
        let line = record.line
        for follower in followers { follower.yield(line) }
    }

    /// All retained lines, oldest first.
    public func lines() -> [String] {
        state.withLockedValue { $0.ordered }.map(\.line)
    }

    /// The newest `count` lines, oldest first (`kubectl logs --tail`).
    public func tail(_ count: Int) -> [String] {
        state.withLockedValue { $0.ordered.suffix(max(0, count)) }.map(\.line)
    }

    /// Follows the log: the stream first yields the retained lines when `includeExisting`
    /// (the newest `tail` of them when given), then every new line until the task iterating
    /// it is cancelled or `finishFollowers()` is called.
    public func follow(includeExisting: Bool = true, tail: Int? = nil) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(capacity))
        let id: Int = state.withLockedValue { state in
            if includeExisting {
                // Formatted under the lock so no line is missed or reordered against appends.
                var existing = state.ordered
                if let tail { existing = Array(existing.suffix(max(0, tail))) }
                for record in existing { continuation.yield(record.line) }
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

/// A log line kept as data and formatted on read.
protocol DeferredLogLine: AnyObject, Sendable {
    /// The formatted line, without trailing newline.
    var line: String { get }
}
