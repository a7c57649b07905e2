import MeshRouting
import NIOCore
import NIOPosix
import Synchronization

/// The Istio ingress gateway: real listeners on 127.0.0.1 that route every request through
/// the current `RequestRouter` snapshot and proxy it like Envoy (pooling, balancing, retries,
/// timeouts, faults, mirrors, circuit breaking, outlier detection, access log, metrics).
///
/// ```swift
/// let gateway = try await IngressGateway.start(
///     GatewayConfiguration(listeners: [GatewayListener(port: 8080)]),
///     router: routeTable, group: MultiThreadedEventLoopGroup.singleton)
/// gateway.updateRouter(newTable)        // atomic swap; in-flight requests keep the old one
/// gateway.log.lines(); gateway.metrics.prometheusText(); gateway.ejectedEndpoints()
/// await gateway.stop()
/// ```
public final class IngressGateway: Sendable {
    /// The configuration the gateway was started with.
    public let configuration: GatewayConfiguration
    /// The `istio-proxy` container log of the gateway pod (Envoy access-log lines).
    public var log: any ContainerLog { shared.log }
    /// Istio metrics (`reporter="source"`, as gateways report).
    public var metrics: ProxyMetrics { shared.metrics }

    private let shared: GatewayShared
    private let group: any EventLoopGroup
    private let listeners = LockedBox([(listener: Listener, routerPort: Int)]())

    private init(configuration: GatewayConfiguration, shared: GatewayShared, group: any EventLoopGroup) {
        self.configuration = configuration
        self.shared = shared
        self.group = group
    }

    /// Starts the gateway with `router` and opens every configured listener.
    public static func start(
        _ configuration: GatewayConfiguration, router: any RequestRouter, group: any EventLoopGroup
    ) async throws -> IngressGateway {
        let shared = GatewayShared(configuration: configuration, router: router)
        let gateway = IngressGateway(configuration: configuration, shared: shared, group: group)
        do {
            for listener in configuration.listeners {
                _ = try await gateway.addListener(listener)
            }
        } catch {
            await gateway.stop()
            throw error
        }
        return gateway
    }

    /// Opens one more listener; returns its real port.
    @discardableResult
    public func addListener(_ spec: GatewayListener) async throws -> Int {
        let shared = self.shared
        let routerPortBox = LockedBox(spec.routerPort ?? spec.port)
        let listener = try await Listener.bind(group: group, port: spec.port) { channel in
            let routerPort = routerPortBox.withLockedValue { $0 }
            // No Gateway server for this port: Envoy has no listener, the connection is refused.
            guard shared.router.hasListener(port: routerPort) else {
                channel.close(promise: nil)
                return
            }
            let handler = GatewayHandler(
                shared: shared, loop: shared.loopState(for: channel.eventLoop), routerPort: routerPort)
            // The handler is the whole pipeline: it parses, keeps the header clock, answers
            // malformed input and writes each response as one buffer.
            try channel.pipeline.syncOperations.addHandler(handler)
        }
        if spec.port == 0 && spec.routerPort == nil {
            routerPortBox.withLockedValue { $0 = listener.port }
        }
        let routerPort = routerPortBox.withLockedValue { $0 }
        listeners.withLockedValue { $0.append((listener, routerPort)) }
        return listener.port
    }

    /// Real ports of the open listeners, in opening order.
    public var ports: [Int] { listeners.withLockedValue { $0.map(\.listener.port) } }

    /// The router snapshot new requests use.
    public var router: any RequestRouter { shared.router }

    /// Atomically replaces the router: requests already routed finish with the old decision,
    /// new requests see the new one; no listener restarts.
    public func updateRouter(_ router: any RequestRouter) { shared.setRouter(router) }

    /// Endpoints currently ejected by outlier detection, across clusters.
    public func ejectedEndpoints() -> [EjectedEndpoint] {
        let now = WallClock.monotonicNanos()
        return shared.clusters.all().flatMap { $0.ejected(now: now) }.sorted {
            ($0.cluster, $0.upstreamHost) < ($1.cluster, $1.upstreamHost)
        }
    }

    /// Closes listeners, downstream connections and pooled upstream connections.
    public func stop() async {
        let open = listeners.withLockedValue { state in
            defer { state.removeAll() }
            return state.map(\.listener)
        }
        for listener in open { await listener.close() }
        for (eventLoop, state) in shared.allLoopStates() {
            try? await eventLoop.submit { state.value.closeAll() }.get()
        }
        shared.log.finishFollowers()
    }
}

/// State shared by all gateway connections.
final class GatewayShared: Sendable {
    let configuration: GatewayConfiguration
    let log: RecordLog<GatewayLogRecord>
    let metrics: ProxyMetrics
    let clusters: ClusterRegistry
    /// This proxy's `x-envoy-peer-metadata-id` value (`workload.namespace`).
    let peerID: String
    /// The router and a generation number bumped on every swap.
    private let routerBox: LockedBox<(router: any RequestRouter, generation: Int)>
    /// The generation in `routerBox`, readable without its lock: workers keep their own
    /// reference to the router and fetch it again only when this moves (`GatewayLoopState.route(_:shared:)`).
    private let publishedGeneration = Atomic<Int>(0)
    private let loops = LockedBox([ObjectIdentifier: (any EventLoop, NIOLoopBound<GatewayLoopState>)]())

    init(configuration: GatewayConfiguration, router: any RequestRouter) {
        self.configuration = configuration
        self.log = RecordLog(capacity: configuration.logCapacity)
        self.metrics = ProxyMetrics(proxyName: configuration.podName)
        self.clusters = ClusterRegistry(metrics: metrics)
        self.peerID = "\(configuration.identity.workload).\(configuration.identity.namespace)"
        self.routerBox = LockedBox((router, 0))
    }

    var router: any RequestRouter { routerBox.withLockedValue { $0.router } }
    func currentRouter() -> (router: any RequestRouter, generation: Int) { routerBox.withLockedValue { $0 } }
    func setRouter(_ router: any RequestRouter) {
        routerBox.withLockedValue {
            $0 = (router, $0.generation &+ 1)
            // Stored before the swap returns, so every request that starts afterwards sees it.
            publishedGeneration.store($0.generation, ordering: .releasing)
        }
    }

    /// The current generation (a lock-free read).
    var generation: Int { publishedGeneration.load(ordering: .acquiring) }

    /// The worker state of `eventLoop` (created on first use, on that loop).
    func loopState(for eventLoop: any EventLoop) -> GatewayLoopState {
        let key = ObjectIdentifier(eventLoop)
        return loops.withLockedValue { loops in
            if let existing = loops[key] { return existing.1.value }
            let seed = configuration.seed &+ UInt64(loops.count) &* 0x9E37_79B9
            let state = GatewayLoopState(
                eventLoop: eventLoop, seed: seed, connectTimeout: configuration.connectTimeout, shard: loops.count)
            loops[key] = (eventLoop, NIOLoopBound(state, eventLoop: eventLoop))
            return state
        }
    }

    func allLoopStates() -> [(any EventLoop, NIOLoopBound<GatewayLoopState>)] {
        loops.withLockedValue { Array($0.values) }
    }
}
