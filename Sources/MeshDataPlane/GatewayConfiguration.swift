import NIOCore

/// One gateway listener: the real local port and the port the router knows it by.
public struct GatewayListener: Sendable, Hashable {
    /// Real port on 127.0.0.1 (0 picks a free one).
    public var port: Int
    /// The Envoy listener port passed to the router as `RoutingRequest.listenerPort` (8080 for
    /// Gateway port 80). Defaults to `port`; set it when the real port differs.
    public var routerPort: Int?

    /// Creates a listener.
    public init(port: Int, routerPort: Int? = nil) {
        self.port = port
        self.routerPort = routerPort
    }
}

/// How to run the ingress gateway.
public struct GatewayConfiguration: Sendable {
    /// Listeners to open.
    public var listeners: [GatewayListener]
    /// The gateway's identity (`source_*` metric labels).
    public var identity: ProxyIdentity
    /// Pod name of the gateway (log source name).
    public var podName: String
    /// Simulated pod IP of the gateway (`%DOWNSTREAM_LOCAL_ADDRESS%`, `%UPSTREAM_LOCAL_ADDRESS%`).
    public var podIP: String
    /// Seed of the per-worker generators (weighted picks, balancers, faults, jitter).
    public var seed: UInt64
    /// Upstream TCP connect timeout (Istio's `connectTimeout` default 10 s).
    public var connectTimeout: TimeAmount
    /// Hardening limits on downstream connections.
    public var limits: HTTPServerLimits
    /// Whether to write Envoy access-log lines (Istio's `accessLogFile: /dev/stdout`).
    public var accessLog: Bool
    /// Lines kept in the `istio-proxy` log.
    public var logCapacity: Int

    /// Creates a configuration.
    public init(
        listeners: [GatewayListener], identity: ProxyIdentity = .ingressGateway,
        podName: String = "istio-ingressgateway", podIP: String = "127.0.0.1", seed: UInt64 = 42,
        connectTimeout: TimeAmount = .seconds(10), limits: HTTPServerLimits = .default, accessLog: Bool = true,
        logCapacity: Int = 10_000
    ) {
        self.listeners = listeners
        self.identity = identity
        self.podName = podName
        self.podIP = podIP
        self.seed = seed
        self.connectTimeout = connectTimeout
        self.limits = limits
        self.accessLog = accessLog
        self.logCapacity = logCapacity
    }
}
