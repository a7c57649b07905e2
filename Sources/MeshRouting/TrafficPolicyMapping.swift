import MeshCore

/// DestinationRule traffic policy → the `UpstreamCluster` settings Envoy would get
/// (istio `cluster_traffic_policy.go`).
enum TrafficPolicyMapping {
    /// The policy parts that apply to one cluster.
    struct Effective {
        var loadBalancer: TrafficPolicy.LoadBalancer?
        var connectionPool: TrafficPolicy.ConnectionPool?
        var outlierDetection: TrafficPolicy.OutlierDetection?
    }

    /// Merges DR-level, DR port-level, subset-level and subset port-level settings, each overriding
    /// the previous field by field (istio `MergeTrafficPolicy`).
    static func effective(rule: DestinationRule?, subset: Subset?, port: Int) -> Effective {
        var result = Effective()
        func apply(_ policy: TrafficPolicy?) {
            guard let policy else { return }
            if let value = policy.loadBalancer { result.loadBalancer = value }
            if let value = policy.connectionPool { result.connectionPool = value }
            if let value = policy.outlierDetection { result.outlierDetection = value }
            if let level = policy.portLevelSettings?.first(where: { $0.port?.number == port }) {
                if let value = level.loadBalancer { result.loadBalancer = value }
                if let value = level.connectionPool { result.connectionPool = value }
                if let value = level.outlierDetection { result.outlierDetection = value }
            }
        }
        apply(rule?.spec.trafficPolicy)
        apply(subset?.trafficPolicy)
        return result
    }

    /// Builds the cluster.
    static func cluster(name: String, endpoints: [UpstreamEndpoint], policy: Effective) -> UpstreamCluster {
        UpstreamCluster(
            name: name, endpoints: endpoints, loadBalancer: loadBalancer(policy.loadBalancer),
            connectionPool: policy.connectionPool.map(connectionPool),
            outlierDetection: policy.outlierDetection.map(outlierDetection))
    }

    /// `simple` / `consistentHash` → algorithm; LEAST_REQUEST is the default since Istio 1.14.
    static func loadBalancer(_ setting: TrafficPolicy.LoadBalancer?) -> LoadBalancerPolicy {
        if let hash = setting?.consistentHash {
            if let header = hash.httpHeaderName { return .consistentHashHeader(header.lowercased()) }
            if hash.useSourceIp == true { return .consistentHashSourceIP }
            if let parameter = hash.httpQueryParameterName { return .consistentHashQueryParameter(parameter) }
            if let cookie = hash.httpCookie?["name"]?.stringValue { return .consistentHashCookie(cookie) }
        }
        switch setting?.simple {
        case "ROUND_ROBIN": return .roundRobin
        case "RANDOM": return .random
        case "PASSTHROUGH": return .passthrough
        default: return .leastRequest
        }
    }

    static func connectionPool(_ pool: TrafficPolicy.ConnectionPool) -> ConnectionPoolSettings {
        ConnectionPoolSettings(
            maxConnections: pool.tcp?.maxConnections, http1MaxPendingRequests: pool.http?.http1MaxPendingRequests,
            http2MaxRequests: pool.http?.http2MaxRequests,
            maxRequestsPerConnection: pool.http?.maxRequestsPerConnection, maxRetries: pool.http?.maxRetries)
    }

    /// Envoy defaults once an `outlierDetection` block exists: 5 consecutive 5xx, 10 s, 30 s, 10 %;
    /// Istio sets the panic threshold to 0.
    static func outlierDetection(_ outlier: TrafficPolicy.OutlierDetection) -> OutlierDetectionSettings {
        let fiveXX =
            outlier.consecutive5xxErrors ?? outlier.consecutiveErrors
            ?? (outlier.consecutiveGatewayErrors == nil ? 5 : nil)
        return OutlierDetectionSettings(
            consecutive5xxErrors: fiveXX == 0 ? nil : fiveXX,
            consecutiveGatewayErrors: outlier.consecutiveGatewayErrors,
            intervalMilliseconds: outlier.interval.flatMap(IstioDuration.milliseconds) ?? 10_000,
            baseEjectionTimeMilliseconds: outlier.baseEjectionTime.flatMap(IstioDuration.milliseconds) ?? 30_000,
            maxEjectionPercent: outlier.maxEjectionPercent ?? 10, minHealthPercent: outlier.minHealthPercent ?? 0)
    }
}
