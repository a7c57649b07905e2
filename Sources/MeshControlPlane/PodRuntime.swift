import MeshCore

/// What the kubelet needs from the data plane: start a pod's server (and sidecar) and stop it.
/// The daemon plugs in real loopback servers; tests plug in a recorder.
public protocol PodRuntime: Sendable {
    /// Starts serving `pod` (already Running in the store's view), preferring `preferredPort` when
    /// the pod had one before a restart; returns the real local ports.
    func start(pod: Pod, preferredPort: Int?) async throws -> PodPorts
    /// Stops the pod's server abruptly (connections reset) or gracefully.
    func stop(podKey: ObjectKey, graceful: Bool) async
}

/// The real loopback ports a running pod answers on.
public struct PodPorts: Sendable, Equatable {
    /// The app's port (through the sidecar when injected).
    public var port: Int
    /// The proxy's Prometheus stats port (Envoy's `:15090`), when the pod runs an Istio proxy.
    public var statsPort: Int?

    /// Creates the ports.
    public init(port: Int, statsPort: Int? = nil) {
        self.port = port
        self.statsPort = statsPort
    }
}

/// A runtime that serves nothing: pods get fake local ports (for control-plane-only tests).
public struct NullPodRuntime: PodRuntime {
    /// Creates the runtime.
    public init() {}
    /// Returns the preferred port or 0.
    public func start(pod: Pod, preferredPort: Int?) async throws -> PodPorts { PodPorts(port: preferredPort ?? 0) }
    /// Does nothing.
    public func stop(podKey: ObjectKey, graceful: Bool) async {}
}
