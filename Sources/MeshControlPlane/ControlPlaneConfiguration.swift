import MeshCore

/// The control plane's settings (the cluster's shape).
public struct ControlPlaneConfiguration: Sendable, Hashable {
    public var nodes: Int
    public var cpus: Int
    public var memoryMiB: Int
    public var kubernetesVersion: String
    /// `demo`, `minimal`, `legacy`, or nil for no Istio.
    public var istioProfile: String?
    /// Local port for the gateway's port 80.
    public var httpPort: Int
    /// Seed for pod names and IDs.
    public var seed: UInt64?

    /// Creates a configuration.
    public init(
        nodes: Int = 1, cpus: Int = 2, memoryMiB: Int = 4096, kubernetesVersion: String = "v1.32.0",
        istioProfile: String? = "demo", httpPort: Int = 8080, seed: UInt64? = nil
    ) {
        self.nodes = nodes
        self.cpus = cpus
        self.memoryMiB = memoryMiB
        self.kubernetesVersion = kubernetesVersion
        self.istioProfile = istioProfile
        self.httpPort = httpPort
        self.seed = seed
    }
}
