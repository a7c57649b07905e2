import MeshRouting
import NIOCore

/// An endpoint currently ejected by outlier detection (what `meshsim` shows).
public struct EjectedEndpoint: Sendable, Hashable {
    /// Envoy cluster name.
    public var cluster: String
    /// `address:port` as Envoy prints it.
    public var upstreamHost: String
    /// The pod behind it.
    public var podName: String
    /// How many times the endpoint has been ejected so far (ejection time multiplier).
    public var ejectionCount: Int
    /// Milliseconds until it returns to the pool.
    public var remainingMilliseconds: Int
}

/// Cross-worker state of one cluster: circuit-breaker counters (`ConnectionPoolSettings`) and
/// outlier detection (`OutlierDetectionSettings`). Envoy keeps both per cluster, shared by its
/// workers; here one lock guards them. Only clusters that configure either use this.
final class ClusterState: Sendable {
    struct Host {
        var consecutive5xx = 0
        var consecutiveGateway = 0
        var ejectedUntil: UInt64?
        var ejections = 0
        var upstreamHost = ""
        var podName = ""
    }

    enum SlotResult { case granted, queued, overflow }

    private struct State {
        var hosts: [EndpointKey: Host] = [:]
        var connections = 0
        var activeRequests = 0
        var waiters: [(id: Int, wake: @Sendable () -> Void)] = []
        var nextWaiter = 0
    }

    let name: String
    private let state = LockedBox(State())
    private let metrics: ProxyMetrics

    init(name: String, metrics: ProxyMetrics) {
        self.name = name
        self.metrics = metrics
    }

    // MARK: Outlier detection

    /// Endpoints that may receive traffic: ejections past their time are lifted here (Envoy
    /// does it on the `interval` sweep; doing it on use is observably the same for clients).
    /// When the healthy share falls below `minHealthPercent` Envoy panics and uses all hosts.
    func healthy(_ endpoints: [UpstreamEndpoint], settings: OutlierDetectionSettings, now: UInt64) -> [UpstreamEndpoint]
    {
        state.withLockedValue { state in
            let usable = endpoints.filter { endpoint in
                let key = EndpointKey(endpoint)
                guard let until = state.hosts[key]?.ejectedUntil else { return true }
                if until <= now {
                    state.hosts[key]!.ejectedUntil = nil
                    return true
                }
                return false
            }
            if settings.minHealthPercent > 0, usable.count * 100 < settings.minHealthPercent * endpoints.count {
                return endpoints
            }
            return usable
        }
    }

    /// Records one attempt's result: `status` 5xx (or a local failure mapped to 503) counts.
    func record(
        endpoint: UpstreamEndpoint, status: Int, settings: OutlierDetectionSettings, clusterSize: Int, now: UInt64
    ) {
        state.withLockedValue { state in
            let key = EndpointKey(endpoint)
            var host = state.hosts[key] ?? Host(upstreamHost: endpoint.upstreamHost, podName: endpoint.podName)
            if status >= 500 {
                host.consecutive5xx += 1
                host.consecutiveGateway += (502...504).contains(status) ? 1 : 0
            } else {
                host.consecutive5xx = 0
                host.consecutiveGateway = 0
            }
            let trip5xx =
                (settings.consecutive5xxErrors ?? 0) > 0 && host.consecutive5xx >= settings.consecutive5xxErrors!
            let tripGateway =
                (settings.consecutiveGatewayErrors ?? 0) > 0
                && host.consecutiveGateway >= settings.consecutiveGatewayErrors!
            if host.ejectedUntil == nil, trip5xx || tripGateway {
                let ejected = state.hosts.values.filter { ($0.ejectedUntil ?? 0) > now }.count
                // Modern Envoy ejects only if the ejected share after ejection stays within
                // maxEjectionPercent (no `always_eject_one_host` in Istio).
                if (ejected + 1) * 100 <= settings.maxEjectionPercent * clusterSize {
                    host.ejections += 1
                    let millis = UInt64(settings.baseEjectionTimeMilliseconds) * UInt64(host.ejections)
                    host.ejectedUntil = now + millis * 1_000_000
                }
                host.consecutive5xx = 0
                host.consecutiveGateway = 0
            }
            state.hosts[key] = host
        }
    }

    /// Currently ejected endpoints.
    func ejected(now: UInt64) -> [EjectedEndpoint] {
        state.withLockedValue { state in
            state.hosts.values.compactMap { host in
                guard let until = host.ejectedUntil, until > now else { return nil }
                return EjectedEndpoint(
                    cluster: name, upstreamHost: host.upstreamHost, podName: host.podName,
                    ejectionCount: host.ejections, remainingMilliseconds: Int((until - now) / 1_000_000))
            }
        }
    }

    // MARK: Circuit breaking

    /// `http2MaxRequests`: concurrent requests to the cluster.
    func startRequest(limit: Int?) -> Bool {
        state.withLockedValue { state in
            if let limit, state.activeRequests >= limit { return false }
            state.activeRequests += 1
            return true
        }
    }

    func endRequest() { state.withLockedValue { $0.activeRequests = max(0, $0.activeRequests - 1) } }

    /// A new connection may open under `maxConnections`; otherwise the request waits as pending
    /// (up to `http1MaxPendingRequests`, else overflow). `wake` is called with a slot handed over
    /// when a counted connection closes; the waker owns that slot.
    ///
    /// Why `workerHasNone`: each worker pools its own connections while the limit counts them for
    /// the whole cluster, so a request could wait for a slot held by a connection only another
    /// worker can use. Envoy's pool therefore opens a connection past the limit when its worker
    /// has none to that host, counting `upstream_cx_overflow` (conn_pool_base.cc,
    /// `tryCreateNewConnection`).
    func acquireConnection(
        settings: ConnectionPoolSettings, workerHasNone: Bool, waiterID: inout Int?,
        wake: @escaping @Sendable () -> Void
    ) -> SlotResult {
        let result = state.withLockedValue { state -> (SlotResult, overLimit: Bool) in
            let underLimit = settings.maxConnections.map { state.connections < $0 } ?? true
            if underLimit || workerHasNone {
                state.connections += 1
                return (.granted, !underLimit)
            }
            let maxPending = settings.http1MaxPendingRequests ?? Int.max
            if state.waiters.count >= maxPending { return (.overflow, false) }
            let id = state.nextWaiter
            state.nextWaiter += 1
            state.waiters.append((id, wake))
            waiterID = id
            return (.queued, false)
        }
        if result.overLimit {
            metrics.increment("envoy_cluster_upstream_cx_overflow{cluster_name=\"\(name)\"}")
        }
        return result.0
    }

    /// A counted connection closed (or failed to open): its slot passes straight to the first
    /// pending request, whose `wake` then owns it, else it is freed. Handing it over rather than
    /// freeing it and letting the woken request compete again means a woken request never has
    /// to queue a second time.
    func connectionClosed() {
        let wake: (@Sendable () -> Void)? = state.withLockedValue { state in
            if !state.waiters.isEmpty { return state.waiters.removeFirst().wake }
            state.connections = max(0, state.connections - 1)
            return nil
        }
        wake?()
    }

    /// Whether requests wait for a connection slot (idle connections should then be closed
    /// so the slot goes to them).
    var hasWaiters: Bool { state.withLockedValue { !$0.waiters.isEmpty } }

    /// Withdraws a pending request (its timeout fired).
    func cancelWaiter(_ id: Int) {
        state.withLockedValue { state in state.waiters.removeAll { $0.id == id } }
    }
}

extension EndpointKey {
    init(_ endpoint: UpstreamEndpoint) {
        self.init(host: endpoint.localHost, port: endpoint.localPort)
    }
}

/// Cluster states by name, created on first use.
final class ClusterRegistry: Sendable {
    private let clusters = LockedBox([String: ClusterState]())
    private let metrics: ProxyMetrics

    init(metrics: ProxyMetrics) { self.metrics = metrics }

    func state(for name: String) -> ClusterState {
        clusters.withLockedValue { clusters in
            if let existing = clusters[name] { return existing }
            let created = ClusterState(name: name, metrics: metrics)
            clusters[name] = created
            return created
        }
    }

    func all() -> [ClusterState] { clusters.withLockedValue { Array($0.values) } }
}
