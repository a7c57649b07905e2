import Synchronization

/// Hands out 127.0.0.1 ports for pod servers and proxy stats listeners from a fixed range,
/// round robin from a per-daemon starting point.
///
/// Why not port 0: the kernel finds an ephemeral port by scanning its bind table, which costs
/// O(bound sockets) per bind; at 10,000 pods that scan was a fifth of the daemon's CPU. A port
/// taken by someone else fails to bind at once and the caller asks for the next one.
public final class LocalPortAllocator: Sendable {
    private let range: ClosedRange<Int>
    private let cursor: Mutex<Int>

    /// Creates an allocator over `range`, starting at `offset` within it (spreads daemons apart).
    public init(range: ClosedRange<Int>, offset: Int = 0) {
        self.range = range
        cursor = Mutex(range.lowerBound + (offset % range.count + range.count) % range.count)
    }

    /// How many candidates a caller should try before settling for an ephemeral port.
    public static let attempts = 64

    /// The next candidate port (wrapping around the range).
    public func next() -> Int {
        cursor.withLock { cursor in
            let port = cursor
            cursor = cursor == range.upperBound ? range.lowerBound : cursor + 1
            return port
        }
    }

    /// Runs `bind` with successive candidates until one works; after `attempts` failures, with port 0.
    public func bind<T>(_ bind: (Int) async throws -> T) async throws -> T {
        for _ in 0..<Self.attempts {
            if let bound = try? await bind(next()) { return bound }
        }
        return try await bind(0)
    }
}
