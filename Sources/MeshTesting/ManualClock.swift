import MeshCore
import Synchronization

/// A clock tests move by hand, so controllers' time-based decisions are deterministic: timers
/// (`sleep(until:)`) fire only when `advance` reaches their deadline.
public final class ManualClock: ClusterClock {
    private struct Waiter {
        var id: Int
        var deadline: Double
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var seconds: Double
        var waiters: [Waiter] = []
        var nextID = 0
        var cancelled: Set<Int> = []
    }

    private let state: Mutex<State>

    /// Starts at `start` seconds since the epoch.
    public init(start: Double = 1_795_000_000) { state = Mutex(State(seconds: start)) }

    /// The current time.
    public func now() -> Double { state.withLock { $0.seconds } }

    /// Moves time forward, waking every timer whose deadline is reached.
    public func advance(by delta: Double) {
        let due = state.withLock { state -> [Waiter] in
            state.seconds += delta
            let now = state.seconds
            let due = state.waiters.filter { $0.deadline <= now }
            state.waiters.removeAll { $0.deadline <= now }
            return due
        }
        for waiter in due { waiter.continuation.resume() }
    }

    /// Timers currently waiting (tests wait for a controller to arm one before advancing).
    public var pendingTimers: Int { state.withLock { $0.waiters.count } }

    /// Suspends until `advance` reaches `deadline`.
    public func sleep(until deadline: Double) async throws {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Bool? in
                    if state.cancelled.remove(id) != nil { return false }
                    if state.seconds >= deadline { return true }
                    state.waiters.append(Waiter(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                switch outcome {
                case .some(true): continuation.resume()
                case .some(false): continuation.resume(throwing: CancellationError())
                case .none: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }
}
