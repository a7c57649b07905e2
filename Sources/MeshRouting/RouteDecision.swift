/// What the gateway does with one request: answer locally or forward to a cluster.
public enum RouteDecision: Sendable, Hashable {
    /// Envoy answers itself (404 NR, 503 NC/UH, redirect, direct response, fault abort).
    case local(LocalReply)
    /// Forward upstream.
    case forward(ForwardAction)
}

/// A reply the proxy generates without an upstream.
public struct LocalReply: Sendable, Hashable {
    /// HTTP status.
    public var status: Int
    /// Exact body (`no healthy upstream`, `fault filter abort`, or empty).
    public var body: String
    /// Extra response headers (`location` for redirects).
    public var headers: [String: String]
    /// Envoy `%RESPONSE_FLAGS%` (`NR`, `NC`, `UH`, `FI`, or `-`).
    public var responseFlags: String
    /// Envoy `%RESPONSE_CODE_DETAILS%` (`route_not_found`, ...).
    public var details: String
    /// Route name, if a route matched.
    public var routeName: String?
    /// Destination for metrics when one was chosen (for FI/UH/NC: the routed service).
    public var destination: DestinationInfo?
    /// A fault delay to apply before replying (delay + abort together), in milliseconds.
    public var delayMilliseconds: Int?

    /// Creates a local reply.
    public init(
        status: Int, body: String = "", headers: [String: String] = [:], responseFlags: String = "-",
        details: String, routeName: String? = nil, destination: DestinationInfo? = nil,
        delayMilliseconds: Int? = nil
    ) {
        self.status = status
        self.body = body
        self.headers = headers
        self.responseFlags = responseFlags
        self.details = details
        self.routeName = routeName
        self.destination = destination
        self.delayMilliseconds = delayMilliseconds
    }
}

/// The routed service, for metrics labels and logs.
///
/// A class: it is built once per route compile and handed to every request routed there (its
/// log record and metrics labels), so passing it on is one reference count, not five strings.
public final class DestinationInfo: Sendable, Hashable {
    /// The fields, compared and hashed together (one list, so none is left out).
    private struct Fields: Sendable, Hashable {
        let serviceHost: String
        let serviceName: String
        let serviceNamespace: String
        let subset: String?
        let clusterName: String
    }
    private let fields: Fields

    /// FQDN, e.g. `myapp.default.svc.cluster.local`.
    public var serviceHost: String { fields.serviceHost }
    /// Service name (`myapp`).
    public var serviceName: String { fields.serviceName }
    /// Service namespace.
    public var serviceNamespace: String { fields.serviceNamespace }
    /// Subset, if any.
    public var subset: String? { fields.subset }
    /// Envoy cluster name `outbound|80|v1|myapp.default.svc.cluster.local`.
    public var clusterName: String { fields.clusterName }

    /// Creates destination info.
    public init(
        serviceHost: String, serviceName: String, serviceNamespace: String, subset: String?, clusterName: String
    ) {
        self.fields = Fields(
            serviceHost: serviceHost, serviceName: serviceName, serviceNamespace: serviceNamespace, subset: subset,
            clusterName: clusterName)
    }

    /// Equal when every field is.
    public static func == (lhs: DestinationInfo, rhs: DestinationInfo) -> Bool {
        lhs === rhs || lhs.fields == rhs.fields
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}

/// Header operations (`headers.request|response.{set,add,remove}`), already merged route-then-destination.
public struct HeaderOperations: Sendable, Hashable {
    public var setHeaders: [String: String]
    public var addHeaders: [String: String]
    public var removeHeaders: [String]
    /// Creates operations.
    public init(set: [String: String] = [:], add: [String: String] = [:], remove: [String] = []) {
        self.setHeaders = set
        self.addHeaders = add
        self.removeHeaders = remove
    }
    /// True when nothing is to be done.
    public var isEmpty: Bool { setHeaders.isEmpty && addHeaders.isEmpty && removeHeaders.isEmpty }
}

/// Retry policy as Envoy runs it (Istio's defaults when the VirtualService says nothing).
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first try (Istio default 2).
    public var attempts: Int
    /// Per-try timeout in milliseconds, nil for none.
    public var perTryTimeoutMilliseconds: Int?
    /// Envoy retry-on tokens (`connect-failure`, `5xx`, `gateway-error`, `reset`, ...).
    public var retryOn: Set<String>
    /// Retriable status codes (from numeric tokens or `retriable-status-codes`).
    public var retriableStatusCodes: Set<Int>
    /// Whether to prefer other hosts on retry (Istio sets previous-hosts predicate).
    public var retryRemoteLocalities: Bool

    /// Istio's default policy (1.24+): 2 attempts on connection-level failures.
    public static let istioDefault = RetryPolicy(
        attempts: 2, perTryTimeoutMilliseconds: nil,
        retryOn: ["connect-failure", "refused-stream", "unavailable", "cancelled", "retriable-status-codes"],
        retriableStatusCodes: [], retryRemoteLocalities: false)

    /// Creates a policy.
    public init(
        attempts: Int, perTryTimeoutMilliseconds: Int?, retryOn: Set<String>, retriableStatusCodes: Set<Int>,
        retryRemoteLocalities: Bool = false
    ) {
        self.attempts = attempts
        self.perTryTimeoutMilliseconds = perTryTimeoutMilliseconds
        self.retryOn = retryOn
        self.retriableStatusCodes = retriableStatusCodes
        self.retryRemoteLocalities = retryRemoteLocalities
    }
}

/// Load-balancing algorithm for a cluster (DestinationRule `trafficPolicy.loadBalancer`).
public enum LoadBalancerPolicy: Sendable, Hashable {
    case roundRobin
    case leastRequest
    case random
    case passthrough
    /// consistentHash on a header / cookie / source IP / query parameter.
    case consistentHashHeader(String)
    case consistentHashSourceIP
    case consistentHashQueryParameter(String)
    case consistentHashCookie(String)
}

/// DestinationRule `connectionPool`, the circuit-breaker thresholds.
public struct ConnectionPoolSettings: Sendable, Hashable {
    public var maxConnections: Int?
    public var http1MaxPendingRequests: Int?
    public var http2MaxRequests: Int?
    public var maxRequestsPerConnection: Int?
    public var maxRetries: Int?
    /// Creates settings.
    public init(
        maxConnections: Int? = nil, http1MaxPendingRequests: Int? = nil, http2MaxRequests: Int? = nil,
        maxRequestsPerConnection: Int? = nil, maxRetries: Int? = nil
    ) {
        self.maxConnections = maxConnections
        self.http1MaxPendingRequests = http1MaxPendingRequests
        self.http2MaxRequests = http2MaxRequests
        self.maxRequestsPerConnection = maxRequestsPerConnection
        self.maxRetries = maxRetries
    }
}

/// DestinationRule `outlierDetection`.
public struct OutlierDetectionSettings: Sendable, Hashable {
    public var consecutive5xxErrors: Int?
    public var consecutiveGatewayErrors: Int?
    public var intervalMilliseconds: Int
    public var baseEjectionTimeMilliseconds: Int
    public var maxEjectionPercent: Int
    public var minHealthPercent: Int
    /// Creates settings with Envoy/Istio defaults.
    public init(
        consecutive5xxErrors: Int? = 5, consecutiveGatewayErrors: Int? = nil, intervalMilliseconds: Int = 10_000,
        baseEjectionTimeMilliseconds: Int = 30_000, maxEjectionPercent: Int = 10, minHealthPercent: Int = 0
    ) {
        self.consecutive5xxErrors = consecutive5xxErrors
        self.consecutiveGatewayErrors = consecutiveGatewayErrors
        self.intervalMilliseconds = intervalMilliseconds
        self.baseEjectionTimeMilliseconds = baseEjectionTimeMilliseconds
        self.maxEjectionPercent = maxEjectionPercent
        self.minHealthPercent = minHealthPercent
    }
}

/// An Envoy cluster: `outbound|port|subset|host`, its ready endpoints and its traffic policy.
///
/// A class: one is built per route compile and every request forwarded to it holds it for its
/// attempts, so taking it is one reference count rather than a copy of five fields.
public final class UpstreamCluster: Sendable, Hashable {
    /// The fields, compared and hashed together (one list, so none is left out).
    private struct Fields: Sendable, Hashable {
        let name: String
        let endpoints: [UpstreamEndpoint]
        let loadBalancer: LoadBalancerPolicy
        let connectionPool: ConnectionPoolSettings?
        let outlierDetection: OutlierDetectionSettings?
    }
    private let fields: Fields

    /// `outbound|80|v1|myapp.default.svc.cluster.local`.
    public var name: String { fields.name }
    /// Ready endpoints only (not-ready pods are never here).
    public var endpoints: [UpstreamEndpoint] { fields.endpoints }
    /// Load-balancing algorithm (Istio default LEAST_REQUEST).
    public var loadBalancer: LoadBalancerPolicy { fields.loadBalancer }
    /// Circuit-breaker thresholds.
    public var connectionPool: ConnectionPoolSettings? { fields.connectionPool }
    /// Passive health checking.
    public var outlierDetection: OutlierDetectionSettings? { fields.outlierDetection }

    /// Creates a cluster.
    public init(
        name: String, endpoints: [UpstreamEndpoint], loadBalancer: LoadBalancerPolicy = .leastRequest,
        connectionPool: ConnectionPoolSettings? = nil, outlierDetection: OutlierDetectionSettings? = nil
    ) {
        self.fields = Fields(
            name: name, endpoints: endpoints, loadBalancer: loadBalancer, connectionPool: connectionPool,
            outlierDetection: outlierDetection)
    }

    /// Equal when every field is.
    public static func == (lhs: UpstreamCluster, rhs: UpstreamCluster) -> Bool {
        lhs === rhs || lhs.fields == rhs.fields
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}

/// Fault injection for a route (`fault.delay`, `fault.abort`), already decided for this request.
public struct FaultDecision: Sendable, Hashable {
    /// Delay to apply before forwarding, in milliseconds (flag DI).
    public var delayMilliseconds: Int?
    /// Creates a decision.
    public init(delayMilliseconds: Int?) { self.delayMilliseconds = delayMilliseconds }
}

/// Forward the request to a cluster, with everything the router filter needs.
///
/// The per-request parts (route name, path, authority, fault, mirrors) are stored directly;
/// the parts fixed when the route was compiled sit in one shared immutable box, so making an
/// action from its template per request copies five fields, not thirty.
public struct ForwardAction: Sendable, Hashable {
    /// Route name (`<vs>.<index>` or the VS route `name`).
    public var routeName: String
    /// The path to send upstream (after `rewrite.uri`), query kept.
    public var path: String
    /// The Host to send upstream (after `rewrite.authority`), else the client's.
    public var authority: String
    /// Fault delay decided for this request.
    public var fault: FaultDecision?
    /// Shadow clusters to mirror to (already sampled by mirrorPercentage), with their authority.
    public var mirrors: [MirrorTarget]
    /// The cluster picked by the weighted choice.
    public var cluster: UpstreamCluster {
        get { route.fields.cluster }
        set { updateRoute { $0.cluster = newValue } }
    }
    /// The routed service, for metrics.
    public var destination: DestinationInfo {
        get { route.fields.destination }
        set { updateRoute { $0.destination = newValue } }
    }
    /// Whether a rewrite changed the path (then `x-envoy-original-path` is set).
    public var pathRewritten: Bool {
        get { route.fields.pathRewritten }
        set { updateRoute { $0.pathRewritten = newValue } }
    }
    /// Request header operations.
    public var requestHeaders: HeaderOperations {
        get { route.fields.requestHeaders }
        set { updateRoute { $0.requestHeaders = newValue } }
    }
    /// Response header operations.
    public var responseHeaders: HeaderOperations {
        get { route.fields.responseHeaders }
        set { updateRoute { $0.responseHeaders = newValue } }
    }
    /// Route timeout in milliseconds (nil: none, Istio's default).
    public var timeoutMilliseconds: Int? {
        get { route.fields.timeoutMilliseconds }
        set { updateRoute { $0.timeoutMilliseconds = newValue } }
    }
    /// Retry policy.
    public var retryPolicy: RetryPolicy {
        get { route.fields.retryPolicy }
        set { updateRoute { $0.retryPolicy = newValue } }
    }
    /// Value for `x-envoy-decorator-operation`, cosmetic.
    public var decoratorOperation: String? {
        get { route.fields.decoratorOperation }
        set { updateRoute { $0.decoratorOperation = newValue } }
    }

    private var route: RouteBox

    /// Creates an action.
    public init(
        routeName: String, cluster: UpstreamCluster, destination: DestinationInfo, path: String, authority: String,
        pathRewritten: Bool = false, requestHeaders: HeaderOperations = HeaderOperations(),
        responseHeaders: HeaderOperations = HeaderOperations(), timeoutMilliseconds: Int? = nil,
        retryPolicy: RetryPolicy = .istioDefault, fault: FaultDecision? = nil, mirrors: [MirrorTarget] = [],
        decoratorOperation: String? = nil
    ) {
        self.routeName = routeName
        self.path = path
        self.authority = authority
        self.fault = fault
        self.mirrors = mirrors
        self.route = RouteBox(
            RouteFields(
                cluster: cluster, destination: destination, pathRewritten: pathRewritten,
                requestHeaders: requestHeaders, responseHeaders: responseHeaders,
                timeoutMilliseconds: timeoutMilliseconds, retryPolicy: retryPolicy,
                decoratorOperation: decoratorOperation))
    }

    /// Equality on every field.
    public static func == (lhs: ForwardAction, rhs: ForwardAction) -> Bool {
        lhs.routeName == rhs.routeName && lhs.path == rhs.path && lhs.authority == rhs.authority
            && lhs.fault == rhs.fault && lhs.mirrors == rhs.mirrors
            && (lhs.route === rhs.route || lhs.route.fields == rhs.route.fields)
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(routeName)
        hasher.combine(path)
        hasher.combine(authority)
        hasher.combine(fault)
        hasher.combine(mirrors)
        hasher.combine(route.fields)
    }

    private mutating func updateRoute(_ change: (inout RouteFields) -> Void) {
        var fields = route.fields
        change(&fields)
        route = RouteBox(fields)
    }

    private struct RouteFields: Sendable, Hashable {
        var cluster: UpstreamCluster
        var destination: DestinationInfo
        var pathRewritten: Bool
        var requestHeaders: HeaderOperations
        var responseHeaders: HeaderOperations
        var timeoutMilliseconds: Int?
        var retryPolicy: RetryPolicy
        var decoratorOperation: String?
    }

    /// Immutable: a change makes a new box, so sharing one across threads is safe.
    private final class RouteBox: Sendable {
        let fields: RouteFields
        init(_ fields: RouteFields) { self.fields = fields }
    }
}

/// A mirror (shadow) destination.
public struct MirrorTarget: Sendable, Hashable {
    /// The shadow cluster.
    public var cluster: UpstreamCluster
    /// Host header for the shadow copy (`<host>-shadow` in Istio before 1.28).
    public var authority: String
    /// Creates a target.
    public init(cluster: UpstreamCluster, authority: String) {
        self.cluster = cluster
        self.authority = authority
    }
}

/// Anything that can decide a request: the compiled `RouteTable` in production, fixed fakes in tests.
public protocol RequestRouter: Sendable {
    /// Decides one request. `random` supplies uniform bits for weighted picks and fault sampling.
    func decide(_ request: RoutingRequest, random: inout some RandomNumberGenerator) -> RouteDecision
    /// Whether any Gateway server makes this local port a listener (no listener means the
    /// connection is refused, as Envoy has no listener there).
    func hasListener(port: Int) -> Bool
}
