/// `TrafficPolicy`: load balancing, circuit breaking, outlier detection, TLS, per-port overrides.
public struct TrafficPolicy: Sendable, Hashable, Codable {
    /// Load-balancing algorithm.
    public var loadBalancer: LoadBalancer?
    /// Circuit-breaker thresholds.
    public var connectionPool: ConnectionPool?
    /// Passive health checking.
    public var outlierDetection: OutlierDetection?
    /// Client TLS, accepted and kept.
    public var tls: JSONValue?
    /// Per-port overrides.
    public var portLevelSettings: [PortTrafficPolicy]?
    /// Kept as is.
    public var tunnel: JSONValue?
    /// Kept as is.
    public var proxyProtocol: JSONValue?
    /// Kept as is.
    public var retryBudget: JSONValue?

    /// Creates a policy.
    public init(
        loadBalancer: LoadBalancer? = nil, connectionPool: ConnectionPool? = nil,
        outlierDetection: OutlierDetection? = nil
    ) {
        self.loadBalancer = loadBalancer
        self.connectionPool = connectionPool
        self.outlierDetection = outlierDetection
    }

    /// `loadBalancer`: `simple` or `consistentHash`.
    public struct LoadBalancer: Sendable, Hashable, Codable {
        /// `LEAST_REQUEST` (default), `ROUND_ROBIN`, `RANDOM`, `PASSTHROUGH`, `LEAST_CONN`, `UNSPECIFIED`.
        public var simple: String?
        /// Session affinity.
        public var consistentHash: ConsistentHash?
        /// Kept as is.
        public var localityLbSetting: JSONValue?
        /// Kept as is.
        public var warmupDurationSecs: String?
        /// Kept as is.
        public var warmup: JSONValue?
        /// Creates a setting.
        public init(simple: String? = nil, consistentHash: ConsistentHash? = nil) {
            self.simple = simple
            self.consistentHash = consistentHash
        }
    }

    /// `consistentHash`: one hash key.
    public struct ConsistentHash: Sendable, Hashable, Codable {
        /// Hash on this header.
        public var httpHeaderName: String?
        /// Hash on this cookie.
        public var httpCookie: JSONValue?
        /// Hash on the source IP.
        public var useSourceIp: Bool?
        /// Hash on this query parameter.
        public var httpQueryParameterName: String?
        /// Ring hash options, kept.
        public var ringHash: JSONValue?
        /// Maglev options, kept.
        public var maglev: JSONValue?
        /// Deprecated ring size.
        public var minimumRingSize: Int?
        /// Creates a hash setting.
        public init(httpHeaderName: String? = nil, useSourceIp: Bool? = nil) {
            self.httpHeaderName = httpHeaderName
            self.useSourceIp = useSourceIp
        }
    }

    /// `connectionPool`.
    public struct ConnectionPool: Sendable, Hashable, Codable {
        /// TCP settings.
        public var tcp: TCP?
        /// HTTP settings.
        public var http: HTTP?
        /// Creates settings.
        public init(tcp: TCP? = nil, http: HTTP? = nil) {
            self.tcp = tcp
            self.http = http
        }

        /// `connectionPool.tcp`.
        public struct TCP: Sendable, Hashable, Codable {
            /// Max connections to a destination host.
            public var maxConnections: Int?
            /// Connect timeout.
            public var connectTimeout: String?
            /// Kept as is.
            public var tcpKeepalive: JSONValue?
            /// Max connection duration.
            public var maxConnectionDuration: String?
            /// Idle timeout.
            public var idleTimeout: String?
            /// Creates settings.
            public init(maxConnections: Int? = nil, connectTimeout: String? = nil) {
                self.maxConnections = maxConnections
                self.connectTimeout = connectTimeout
            }
        }

        /// `connectionPool.http`.
        public struct HTTP: Sendable, Hashable, Codable {
            /// Max queued requests.
            public var http1MaxPendingRequests: Int?
            /// Max concurrent requests.
            public var http2MaxRequests: Int?
            /// Requests per connection (1 disables keep-alive).
            public var maxRequestsPerConnection: Int?
            /// Max outstanding retries.
            public var maxRetries: Int?
            /// Idle timeout.
            public var idleTimeout: String?
            /// `DEFAULT|DO_NOT_UPGRADE|UPGRADE`.
            public var h2UpgradePolicy: String?
            /// Use the client's protocol upstream.
            public var useClientProtocol: Bool?
            /// Max concurrent streams per connection.
            public var maxConcurrentStreams: Int?
            /// Creates settings.
            public init(
                http1MaxPendingRequests: Int? = nil, http2MaxRequests: Int? = nil,
                maxRequestsPerConnection: Int? = nil, maxRetries: Int? = nil
            ) {
                self.http1MaxPendingRequests = http1MaxPendingRequests
                self.http2MaxRequests = http2MaxRequests
                self.maxRequestsPerConnection = maxRequestsPerConnection
                self.maxRetries = maxRetries
            }
        }
    }

    /// `outlierDetection`.
    public struct OutlierDetection: Sendable, Hashable, Codable {
        /// Deprecated alias of `consecutiveGatewayErrors`-ish counting.
        public var consecutiveErrors: Int?
        /// 5xx errors before ejection (default 5).
        public var consecutive5xxErrors: Int?
        /// 502/503/504 before ejection.
        public var consecutiveGatewayErrors: Int?
        /// Local-origin failures before ejection.
        public var consecutiveLocalOriginFailures: Int?
        /// Split local-origin errors.
        public var splitExternalLocalOriginErrors: Bool?
        /// Sweep interval (default 10s).
        public var interval: String?
        /// Minimum ejection time (default 30s).
        public var baseEjectionTime: String?
        /// Max share ejected (default 10).
        public var maxEjectionPercent: Int?
        /// Panic threshold (Istio default 0).
        public var minHealthPercent: Int?
        /// Creates settings.
        public init(
            consecutive5xxErrors: Int? = nil, interval: String? = nil, baseEjectionTime: String? = nil,
            maxEjectionPercent: Int? = nil
        ) {
            self.consecutive5xxErrors = consecutive5xxErrors
            self.interval = interval
            self.baseEjectionTime = baseEjectionTime
            self.maxEjectionPercent = maxEjectionPercent
        }
    }

    /// `portLevelSettings[]`: a policy for one port (does not inherit).
    public struct PortTrafficPolicy: Sendable, Hashable, Codable {
        /// The port.
        public var port: PortSelector?
        /// Load balancer.
        public var loadBalancer: LoadBalancer?
        /// Connection pool.
        public var connectionPool: ConnectionPool?
        /// Outlier detection.
        public var outlierDetection: OutlierDetection?
        /// TLS, kept.
        public var tls: JSONValue?
        /// Creates a port policy.
        public init(port: Int?, loadBalancer: LoadBalancer? = nil, connectionPool: ConnectionPool? = nil) {
            self.port = port.map { PortSelector(number: $0) }
            self.loadBalancer = loadBalancer
            self.connectionPool = connectionPool
        }
    }
}
