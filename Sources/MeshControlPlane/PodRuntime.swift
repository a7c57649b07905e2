import MeshCore

/// What the kubelet needs from the data plane: start a pod's server (and sidecar) and stop it.
/// The daemon plugs in real loopback servers; tests plug in a recorder.
public protocol PodRuntime: Sendable {
    /// Starts serving `pod` (already Running in the store's view), preferring `preferredPort` when
    /// the pod had one before a restart; returns the real local port.
    func start(pod: Pod, preferredPort: Int?) async throws -> Int
    /// Stops the pod's server abruptly (connections reset) or gracefully.
    func stop(podKey: ObjectKey, graceful: Bool) async
}

/// A runtime that serves nothing: pods get fake local ports (for control-plane-only tests).
public struct NullPodRuntime: PodRuntime {
    /// Creates the runtime.
    public init() {}
    /// Returns the preferred port or 0.
    public func start(pod: Pod, preferredPort: Int?) async throws -> Int { preferredPort ?? 0 }
    /// Does nothing.
    public func stop(podKey: ObjectKey, graceful: Bool) async {}
}
