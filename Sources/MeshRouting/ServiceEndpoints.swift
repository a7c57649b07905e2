import MeshCore

/// The ready endpoints behind one Service (optionally one Service port: endpoints differ per port
/// when target ports differ).
public struct ServiceEndpoints: Sendable, Hashable {
    /// Service namespace.
    public var namespace: String
    /// Service name.
    public var service: String
    /// The Service port these endpoints serve; nil means every port of the Service.
    public var port: Int?
    /// Ready endpoints only, with pod labels and the real loopback port.
    public var endpoints: [UpstreamEndpoint]

    /// Creates an entry.
    public init(namespace: String, service: String, port: Int? = nil, endpoints: [UpstreamEndpoint]) {
        self.namespace = namespace
        self.service = service
        self.port = port
        self.endpoints = endpoints
    }
}

/// A gateway proxy pod: where it runs and its labels (for Gateway selectors and `sourceLabels`).
public struct GatewayWorkload: Sendable, Hashable {
    /// Pod namespace.
    public var namespace: String
    /// Pod labels.
    public var labels: [String: String]

    /// Creates a workload.
    public init(namespace: String, labels: [String: String]) {
        self.namespace = namespace
        self.labels = labels
    }
}
