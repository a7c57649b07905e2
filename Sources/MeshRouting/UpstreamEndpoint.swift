/// One endpoint of an Envoy cluster: a Ready pod (or a ServiceEntry address) and where it really listens.
public struct UpstreamEndpoint: Sendable, Hashable {
    /// The simulated pod IP (`10.244.0.7`) or ServiceEntry address, as logs and `explain` show it.
    public var address: String
    /// The simulated port (container/target port).
    public var port: Int
    /// Where the data plane really connects: always loopback.
    public var localHost: String
    /// The real local port.
    public var localPort: Int
    /// The pod's name, empty for ServiceEntry endpoints.
    public var podName: String
    /// The pod's namespace.
    public var namespace: String
    /// The workload name (Deployment), for metrics' `destination_workload`.
    public var workload: String
    /// The pod's labels (`app`, `version` feed metrics and subsets).
    public var labels: [String: String]
    /// Optional: container port → real local port, so the route table can resolve each Service
    /// port's `targetPort` (empty: `port`/`localPort` are used for every Service port).
    public var localPorts: [Int: Int]
    /// Optional: container port name → container port, for named `targetPort`s.
    public var namedPorts: [String: Int]

    /// Creates an endpoint.
    public init(
        address: String, port: Int, localHost: String = "127.0.0.1", localPort: Int, podName: String = "",
        namespace: String = "", workload: String = "", labels: [String: String] = [:], localPorts: [Int: Int] = [:],
        namedPorts: [String: Int] = [:]
    ) {
        self.address = address
        self.port = port
        self.localHost = localHost
        self.localPort = localPort
        self.podName = podName
        self.namespace = namespace
        self.workload = workload
        self.labels = labels
        self.localPorts = localPorts
        self.namedPorts = namedPorts
    }

    /// `address:port` as Envoy's `%UPSTREAM_HOST%`.
    public var upstreamHost: String { "\(address):\(port)" }
}
