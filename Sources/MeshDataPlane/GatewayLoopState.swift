import MeshCore
import MeshRouting
import NIOCore

/// Everything one gateway worker (event loop) owns, like an Envoy worker thread: its
/// connection pools, balancer counters and random generator. Touched only on its loop.
final class GatewayLoopState {
    /// A connection request's outcome.
    enum Acquired {
        case connection(UpstreamConnection, reused: Bool)
        case connectFailure
        case overflow
    }

    let eventLoop: any EventLoop
    let allocator = ByteBufferAllocator()
    let connectTimeout: TimeAmount
    var random: SeededGenerator
    var roundRobin: [String: Int] = [:]
    /// Per endpoint: idle pooled connections and requests in flight (a class, so the hot path
    /// looks the endpoint up once and mutates in place, never copying the dictionary's values).
    private final class EndpointPool {
        var idle: [UpstreamConnection] = []
        var active = 0
        /// Connections this worker has to the endpoint: connecting, busy or idle.
        var open = 0
    }

    private var pools: [EndpointKey: EndpointPool] = [:]
    private let maxIdlePerEndpoint = 128
    /// This worker's metrics shard: no other loop records into it.
    let shard: Int
    private var metricCells: [MetricKey: (cell: ProxyMetrics.Cell, endpoint: UpstreamEndpoint?)] = [:]
    private var metricGeneration = 0
    /// This worker's reference to the gateway's router and its generation, fetched again only
    /// when a newer one is published: taking the shared lock and retaining the shared table on
    /// every request made both workers contend for the same cache lines.
    private var router: (any RequestRouter)?
    private var routerGeneration = -1

    init(eventLoop: any EventLoop, seed: UInt64, connectTimeout: TimeAmount, shard: Int) {
        self.eventLoop = eventLoop
        self.shard = shard
        self.random = SeededGenerator(seed: seed)
        self.connectTimeout = connectTimeout
    }

    /// Routes `request` with the newest published router; returns its generation too.
    func route(_ request: RoutingRequest, shared: GatewayShared) -> (decision: RouteDecision, generation: Int) {
        if router == nil || shared.generation != routerGeneration {
            (router, routerGeneration) = shared.currentRouter()
        }
        return (router!.decide(request, random: &random), routerGeneration)
    }

    /// The metric series of `key` for router snapshot `generation`; `create` runs on a miss.
    /// A new snapshot empties the cache, so relabelled endpoints get fresh series. The cache
    /// keeps the endpoint alive, so its identity in the key cannot be reused by another.
    func metricCell(
        _ key: MetricKey, endpoint: UpstreamEndpoint?, generation: Int, create: () -> ProxyMetrics.Cell
    ) -> ProxyMetrics.Cell {
        if generation != metricGeneration {
            guard generation > metricGeneration else { return create() }  // a request routed before the swap
            metricCells.removeAll()
            metricGeneration = generation
        }
        if let cached = metricCells[key] { return cached.cell }
        let cell = create()
        if metricCells.count >= 4096 { metricCells.removeAll() }  // a router minting endpoints per request
        metricCells[key] = (cell, endpoint)
        return cell
    }

    private func pool(_ key: EndpointKey) -> EndpointPool {
        if let pool = pools[key] { return pool }
        let pool = EndpointPool()
        pools[key] = pool
        return pool
    }

    func activeRequests(to key: EndpointKey) -> Int { pools[key]?.active ?? 0 }
    func requestStarted(_ key: EndpointKey) { pool(key).active += 1 }
    func requestEnded(_ key: EndpointKey) { pools[key]?.active -= 1 }

    /// An idle pooled connection when one is usable, else a new one (subject to the
    /// cluster's `maxConnections`; then the caller waits and `waiterID` is set).
    func acquire(
        _ key: EndpointKey, limits: (state: ClusterState, settings: ConnectionPoolSettings)?, waiterID: inout Int?,
        completion: @escaping (Acquired) -> Void
    ) {
        if let connection = takeIdle(key) {
            completion(.connection(connection, reused: true))
            return
        }
        if let limits, limits.settings.maxConnections != nil {
            let loopBound = NIOLoopBound((self, completion), eventLoop: eventLoop)
            let eventLoop = self.eventLoop
            let result = limits.state.acquireConnection(
                settings: limits.settings, workerHasNone: (pools[key]?.open ?? 0) == 0, waiterID: &waiterID
            ) {
                eventLoop.execute {
                    // The slot of a closed connection is ours: use an idle connection if one
                    // appeared meanwhile (and pass the slot on), else open one in it.
                    let (pool, completion) = loopBound.value
                    if let connection = pool.takeIdle(key) {
                        limits.state.connectionClosed()
                        completion(.connection(connection, reused: true))
                    } else {
                        pool.open(key, countedBy: limits.state, completion: completion)
                    }
                }
            }
            switch result {
            case .granted: open(key, countedBy: limits.state, completion: completion)
            case .queued: return
            case .overflow: completion(.overflow)
            }
            return
        }
        open(key, countedBy: nil, completion: completion)
    }

    /// A usable idle pooled connection to `key`, if any (unusable ones found are closed).
    func takeIdle(_ key: EndpointKey) -> UpstreamConnection? {
        guard let pool = pools[key] else { return nil }
        while let connection = pool.idle.popLast() {
            if connection.isUsable { return connection }
            connection.channel.close(promise: nil)
        }
        return nil
    }

    private func open(_ key: EndpointKey, countedBy cluster: ClusterState?, completion: @escaping (Acquired) -> Void) {
        let pool = pool(key)
        pool.open += 1
        UpstreamConnection.connect(key: key, on: eventLoop, timeout: connectTimeout) { [weak self] result in
            switch result {
            case .success(let connection):
                connection.onClose = { [weak self, weak connection] in
                    pool.open -= 1
                    if let self, let connection { self.forget(connection) }
                    cluster?.connectionClosed()
                }
                completion(.connection(connection, reused: false))
            case .failure:
                pool.open -= 1
                cluster?.connectionClosed()
                completion(.connectFailure)
            }
        }
    }

    /// Returns a connection after a complete exchange: pooled when reusable, else closed.
    func release(
        _ connection: UpstreamConnection, keepAlive: Bool,
        limits: (state: ClusterState, settings: ConnectionPoolSettings)?
    ) {
        var reusable = keepAlive && connection.isUsable
        if let limits {
            if let max = limits.settings.maxRequestsPerConnection, max > 0, connection.requestsServed >= max {
                reusable = false
            }
            if limits.state.hasWaiters { reusable = false }  // hand the slot to a pending request
        }
        let pool = pool(connection.key)
        if reusable, pool.idle.count < maxIdlePerEndpoint {
            pool.idle.append(connection)
        } else {
            connection.channel.close(promise: nil)
        }
    }

    private func forget(_ connection: UpstreamConnection) {
        pools[connection.key]?.idle.removeAll { $0 === connection }
    }

    /// Closes every pooled connection (shutdown).
    func closeAll() {
        for pool in pools.values {
            for connection in pool.idle { connection.channel.close(promise: nil) }
            pool.idle.removeAll()
        }
    }
}

/// What distinguishes one metric series at the gateway within one router snapshot (the
/// source labels are the gateway's own; the rest follow from cluster, endpoint and outcome:
/// an endpoint's labels only change with a new snapshot).
struct MetricKey: Hashable {
    var cluster: String
    /// The endpoint's identity within the snapshot (which holds it alive while the key is cached).
    var endpoint: ObjectIdentifier?
    var status: Int
    var flags: String
}
