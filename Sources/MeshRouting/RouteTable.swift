/// The compiled, immutable route table of the ingress gateway: listeners → vhosts → routes →
/// clusters. Build it with `RouteTableBuilder(snapshot:).build()` (or `RouteTable(snapshot:)`),
/// swap it atomically, and call `decide` per request:
///
/// ```swift
/// var snapshot = RoutingSnapshot(resources: storeObjects, version: revision)
/// snapshot.endpoints = EndpointResolver.endpoints(services: snapshot.services, pods: snapshot.pods) { pod, port in
///     dataPlane.localPort(pod: pod, containerPort: port)
/// }
/// let table = RouteTable(snapshot: snapshot)            // pure, no I/O
/// guard table.hasListener(port: 8080) else { /* refuse the connection */ }
/// switch table.decide(request, random: &generator) {
/// case .local(let reply): ...                            // 404 NR, 503 NC/UH, FI, redirect, direct response
/// case .forward(let action): ...                         // pick an endpoint of action.cluster, apply headers
/// }
/// ```
public struct RouteTable: RequestRouter, Sendable {
    /// The config revision this table was built from.
    public let version: Int
    /// Listeners by Envoy port and by real local port.
    let listeners: [Int: CompiledListener]
    /// The service registry and clusters.
    let registry: ServiceRegistry

    init(version: Int, listeners: [Int: CompiledListener], registry: ServiceRegistry) {
        var byPort = listeners
        for listener in listeners.values where byPort[listener.localPort] == nil {
            byPort[listener.localPort] = listener
        }
        self.version = version
        self.listeners = byPort
        self.registry = registry
    }

    /// Builds a table from a snapshot.
    public init(snapshot: RoutingSnapshot) {
        self = RouteTableBuilder(snapshot: snapshot).build()
    }

    /// An empty table (no listeners: every connection is refused).
    public static let empty = RouteTable(
        version: 0, listeners: [:], registry: ServiceRegistry(snapshot: RoutingSnapshot()))

    /// Whether some Gateway server listens on this port (Envoy port or its real local port).
    public func hasListener(port: Int) -> Bool { listeners[port] != nil }

    /// The listeners the data plane must bind: Envoy port and real local port, sorted by port.
    public var listenerPorts: [ListenerPort] {
        var seen = Set<Int>()
        return listeners.values.filter { seen.insert($0.port).inserted }.sorted { $0.port < $1.port }.map {
            ListenerPort(port: $0.port, localPort: $0.localPort, name: $0.name)
        }
    }

    /// Every cluster (`outbound|port|subset|host`) by name, with its ready endpoints.
    public var clusters: [String: UpstreamCluster] { registry.clusters }

    /// The cluster called `name`.
    public func cluster(named name: String) -> UpstreamCluster? { registry.cluster(name) }
}

/// One gateway listener to bind.
public struct ListenerPort: Sendable, Hashable {
    /// Envoy listener port (8080 for Gateway port 80).
    public var port: Int
    /// The real local port.
    public var localPort: Int
    /// `0.0.0.0_8080`.
    public var name: String

    /// Creates a listener description.
    public init(port: Int, localPort: Int, name: String) {
        self.port = port
        self.localPort = localPort
        self.name = name
    }
}
