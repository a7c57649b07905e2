/// One endpoint of an Envoy cluster: a Ready pod (or a ServiceEntry address) and where it really listens.
///
/// A value type whose fields live in one shared, copy-on-write box: the gateway copies
/// endpoints on every request (pick, attempt, reply, log), and a copy is then one retain
/// instead of one per string and dictionary.
public struct UpstreamEndpoint: Sendable, Hashable {
    /// The simulated pod IP (`10.244.0.7`) or ServiceEntry address, as logs and `explain` show it.
    public var address: String {
        get { storage.fields.address }
        set { update { $0.address = newValue } }
    }
    /// The simulated port (container/target port).
    public var port: Int {
        get { storage.fields.port }
        set { update { $0.port = newValue } }
    }
    /// Where the data plane really connects: always loopback.
    public var localHost: String {
        get { storage.fields.localHost }
        set { update { $0.localHost = newValue } }
    }
    /// The real local port.
    public var localPort: Int {
        get { storage.fields.localPort }
        set { update { $0.localPort = newValue } }
    }
    /// The pod's name, empty for ServiceEntry endpoints.
    public var podName: String {
        get { storage.fields.podName }
        set { update { $0.podName = newValue } }
    }
    /// The pod's namespace.
    public var namespace: String {
        get { storage.fields.namespace }
        set { update { $0.namespace = newValue } }
    }
    /// The workload name (Deployment), for metrics' `destination_workload`.
    public var workload: String {
        get { storage.fields.workload }
        set { update { $0.workload = newValue } }
    }
    /// The pod's labels (`app`, `version` feed metrics and subsets).
    public var labels: [String: String] {
        get { storage.fields.labels }
        set { update { $0.labels = newValue } }
    }
    /// Optional: container port → real local port, so the route table can resolve each Service
    /// port's `targetPort` (empty: `port`/`localPort` are used for every Service port).
    public var localPorts: [Int: Int] {
        get { storage.fields.localPorts }
        set { update { $0.localPorts = newValue } }
    }
    /// Optional: container port name → container port, for named `targetPort`s.
    public var namedPorts: [String: Int] {
        get { storage.fields.namedPorts }
        set { update { $0.namedPorts = newValue } }
    }

    /// The pod's SPIFFE identity when it has a sidecar (the gateway then talks mutual TLS to it,
    /// Istio's auto mTLS), empty otherwise.
    public var principal: String {
        get { storage.fields.principal }
        set { update { $0.principal = newValue } }
    }

    private var storage: Storage

    /// Creates an endpoint.
    public init(
        address: String, port: Int, localHost: String = "127.0.0.1", localPort: Int, podName: String = "",
        namespace: String = "", workload: String = "", labels: [String: String] = [:], localPorts: [Int: Int] = [:],
        namedPorts: [String: Int] = [:], principal: String = ""
    ) {
        storage = Storage(
            Fields(
                address: address, port: port, localHost: localHost, localPort: localPort, podName: podName,
                namespace: namespace, workload: workload, labels: labels, localPorts: localPorts,
                namedPorts: namedPorts, principal: principal))
    }

    /// Identifies this endpoint value cheaply: copies share it, any change gives a new one
    /// (valid while some copy is alive, e.g. inside a route table snapshot).
    public var identity: ObjectIdentifier { ObjectIdentifier(storage) }

    /// A copy with another simulated and real port (one new box rather than one per field).
    public func with(port: Int, localPort: Int) -> UpstreamEndpoint {
        var copy = self
        copy.update {
            $0.port = port
            $0.localPort = localPort
        }
        return copy
    }

    /// The local port of a pod port nothing listens on.
    ///
    /// Why 0: Linux refuses a connection to port 0 (`ECONNREFUSED`), exactly as it refuses one to a
    /// pod port the app does not listen on, so the proxies meet a real connection failure.
    public static let closedPort = 0

    /// Whether something listens behind this endpoint (false for a pod port its app does not serve).
    public var isListening: Bool { localPort != Self.closedPort }

    /// The local port that answers pod port `port`: the app's server for a port it serves (any
    /// port when the pod declares none), the sidecar's for every port (it refuses itself what the
    /// app does not serve), else `closedPort`.
    public func localPort(forPodPort port: Int) -> Int {
        localPorts[port] ?? (localPorts.isEmpty || !principal.isEmpty ? localPort : Self.closedPort)
    }

    /// Whether this endpoint's sidecar will refuse the request itself: the pod has a sidecar, which
    /// takes every port, but its app does not serve `port`.
    public var sidecarRefuses: Bool { !principal.isEmpty && !localPorts.isEmpty && localPorts[port] == nil }

    /// `address:port` as Envoy's `%UPSTREAM_HOST%`.
    public var upstreamHost: String { "\(address):\(port)" }

    /// Equality on every field.
    public static func == (lhs: UpstreamEndpoint, rhs: UpstreamEndpoint) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }

    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = storage.fields
        change(&fields)
        storage = Storage(fields)
    }

    private struct Fields: Sendable, Hashable {
        var address: String
        var port: Int
        var localHost: String
        var localPort: Int
        var podName: String
        var namespace: String
        var workload: String
        var labels: [String: String]
        var localPorts: [Int: Int]
        var namedPorts: [String: Int]
        var principal: String
    }

    /// Immutable: a change makes a new box, so sharing one across threads is safe.
    private final class Storage: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }
}
