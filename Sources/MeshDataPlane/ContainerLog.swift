/// A container's log as `kubectl logs` reads it, whatever its records are.
public protocol ContainerLog: Sendable {
    /// All retained lines, oldest first.
    func lines() -> [String]
    /// The newest `count` lines, oldest first (`kubectl logs --tail`).
    func tail(_ count: Int) -> [String]
    /// Follows the log: the stream first yields the retained lines when `includeExisting`
    /// (the newest `tail` of them when given), then every new line until the task iterating
    /// it is cancelled or `finishFollowers()` is called.
    func follow(includeExisting: Bool, tail: Int?) -> AsyncStream<String>
    /// Ends every follower's stream (the container stopped).
    func finishFollowers()
}
