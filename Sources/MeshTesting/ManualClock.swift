import MeshCore
import Synchronization

/// A clock tests move by hand, so controllers' time-based decisions are deterministic.
public final class ManualClock: ClusterClock {
    private let seconds: Mutex<Double>

    /// Starts at `start` seconds since the epoch.
    public init(start: Double = 1_795_000_000) { seconds = Mutex(start) }

    /// The current time.
    public func now() -> Double { seconds.withLock { $0 } }

    /// Moves time forward.
    public func advance(by delta: Double) { seconds.withLock { $0 += delta } }
}
