import NIOCore

/// A bounded, in-memory log of one container (`kubectl logs` source): the newest `capacity`
/// lines are kept, older ones are dropped, and followers receive every line appended after
/// they subscribed (`kubectl logs -f`).
///
/// Thread-safe: appends come from any event loop, reads from any task.
public final class LogBuffer: Sendable {
    private struct State {
        var lines: [String] = []
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
    public func append(_ line: String) {
        let followers: [AsyncStream<String>.Continuation] = state.withLockedValue { state in
            if state.lines.count < capacity {
                state.lines.append(line)
            } else {
                state.lines[state.head] = line
                state.head = (state.head + 1) % capacity
            }
            return state.followers.isEmpty ? [] : Array(state.followers.values)
        }
        for follower in followers { follower.yield(line) }
    }

    /// All retained lines, oldest first.
    public func lines() -> [String] {
        state.withLockedValue { state in
            Array(state.lines[state.head...] + state.lines[..<state.head])
        }
    }

    /// The newest `count` lines, oldest first (`kubectl logs --tail`).
    public func tail(_ count: Int) -> [String] {
        let all = lines()
        return Array(all.suffix(max(0, count)))
    }

    /// Follows the log: the stream first yields the retained lines when `includeExisting`
    /// (the newest `tail` of them when given), then every new line until the task iterating
    /// it is cancelled or `finishFollowers()` is called.
    public func follow(includeExisting: Bool = true, tail: Int? = nil) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(capacity))
        let id: Int = state.withLockedValue { state in
            if includeExisting {
                var existing = Array(state.lines[state.head...] + state.lines[..<state.head])
                if let tail { existing = Array(existing.suffix(max(0, tail))) }
                for line in existing { continuation.yield(line) }
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
