import MeshRouting
import NIOCore

/// One forwarded request, Envoy router-filter style: fault delay, then the route timeout
/// clock, then attempts with retries/backoff/per-try timeouts, circuit breaking, outlier
/// bookkeeping, and fire-and-forget mirrors. Lives on the downstream connection's event loop
/// and uses that loop's upstream pool, so no thread hop happens on the hot path.
final class ForwardExchange: UpstreamExchange {
    fileprivate enum Outcome {
        case response(UpstreamResponse, serviceTime: Int)
        case connectFailure
        case reset
        case protocolError
        case perTryTimeout
    }

    private let handler: GatewayHandler
    private let action: ForwardAction
    private let info: GatewayRequestInfo
    private let body: ByteBuffer?
    private let loop: GatewayLoopState
    private let clusterState: ClusterState?
    /// `action.cluster` and `action.retryPolicy`, read once (each read copies them out of the action).
    private let cluster: UpstreamCluster
    private let retryPolicy: RetryPolicy
    private var attempts = 0
    private var tried: [EndpointKey] = []
    private var previousKey: EndpointKey?
    private var done = false
    private var routeTimer: Scheduled<Void>?
    private var tryTimer: Scheduled<Void>?
    private var delayTimer: Scheduled<Void>?
    private var currentEndpoint: UpstreamEndpoint?
    private var holdsRequestSlot = false
    private var waiterID: Int?
    /// The attempt in flight: on which connection, to where, whether pooled, whether a stale
    /// retry is left, since when.
    private var sending: Sending?

    private struct Sending {
        var connection: UpstreamConnection
        var endpoint: UpstreamEndpoint
        var reused: Bool
        var retryStale: Bool
        var at: UInt64
    }

    init(
        handler: GatewayHandler, action: ForwardAction, info: GatewayRequestInfo, body: ByteBuffer?,
    ) {
        self.handler = handler
        self.action = action
        self.info = info
        self.body = body
        self.loop = handler.loop
        let cluster = action.cluster
        self.cluster = cluster
        self.retryPolicy = action.retryPolicy
        info.clusterName = cluster.name
        self.clusterState =
            cluster.connectionPool != nil || cluster.outlierDetection != nil
            ? handler.shared.clusters.state(for: cluster.name) : nil
    }

    private var isolated: NIOIsolatedEventLoop { loop.eventLoop.assumeIsolated() }

    /// The serialised upstream request for one attempt (built per attempt: retries are rare).
    /// A pod with a sidecar is told which of its ports the request is for (`endpoint`).
    private func request(authority: String, attempt: Int, endpoint: UpstreamEndpoint? = nil) -> ByteBuffer {
        UpstreamRequestBuilder.request(
            for: info.head, action: action, authority: authority, requestID: info.requestID,
            forwardedFor: info.forwardedFor, clientIP: handler.clientIP, peerID: handler.shared.peerID,
            originalDestination: endpoint.flatMap { $0.principal.isEmpty ? nil : $0.upstreamHost },
            attempt: attempt, body: body, allocator: loop.allocator)
    }

    func start() {
        // The fault delay happens before the router, so the route timeout starts after it.
        if let delay = action.fault?.delayMilliseconds, delay > 0 {
            info.delayed = true
            delayTimer = isolated.scheduleTask(in: .milliseconds(Int64(delay))) { [self] in
                delayTimer = nil
                begin()
            }
        } else {
            begin()
        }
    }

    private func begin() {
        if let timeout = action.timeoutMilliseconds, timeout > 0 {
            routeTimer = isolated.scheduleTask(in: .milliseconds(Int64(timeout))) { [self] in
                routeTimer = nil
                abortAttempt()
                finishLocal(504, body: "upstream request timeout", flags: "UT", details: "upstream_response_timeout")
            }
        }
        for mirror in action.mirrors {
            Mirror.send(mirror, client: info.head, state: loop, clientIP: handler.clientIP) { endpoint in
                request(authority: mirror.authority, attempt: 1, endpoint: endpoint)
            }
        }
        attempt()
    }

    /// The downstream connection went away: stop everything, free the upstream connection.
    func downstreamClosed() {
        guard !done else { return }
        done = true
        cancelTimers()
        abortAttempt()
    }

    private func attempt() {
        guard !done else { return }
        attempts += 1
        var candidates = cluster.endpoints
        if let settings = cluster.outlierDetection, let clusterState {
            candidates = clusterState.healthy(candidates, settings: settings, now: WallClock.monotonicNanos())
        }
        // Istio's retry host predicate: avoid hosts already tried while others remain.
        if let previous = previousKey {
            tried.append(previous)  // built only when retrying: the first try allocates nothing
            let fresh = candidates.filter { !tried.contains(EndpointKey($0)) }
            if !fresh.isEmpty { candidates = fresh }
        }
        let input = LoadBalancer.HashInput(head: info.head, sourceIP: handler.clientIP)
        guard
            let endpoint = LoadBalancer.pick(
                policy: cluster.loadBalancer, clusterName: cluster.name, from: candidates, input: input, state: loop)
        else {
            finishLocal(503, body: "no healthy upstream", flags: "UH", details: "no_healthy_upstream")
            return
        }
        if let limit = cluster.connectionPool?.http2MaxRequests, let clusterState {
            guard clusterState.startRequest(limit: limit) else { return overflow(endpoint) }
            holdsRequestSlot = true
        }
        let key = EndpointKey(endpoint)
        previousKey = key
        currentEndpoint = endpoint
        loop.requestStarted(key)
        if let perTry = retryPolicy.perTryTimeoutMilliseconds, perTry > 0 {
            tryTimer = isolated.scheduleTask(in: .milliseconds(Int64(perTry))) { [self] in
                tryTimer = nil
                abortAttempt()
                outcome(.perTryTimeout, endpoint: endpoint)
            }
        }
        acquireAndSend(endpoint: endpoint, retryStale: true)
    }

    private var poolLimits: (state: ClusterState, settings: ConnectionPoolSettings)? {
        guard let clusterState, let settings = cluster.connectionPool else { return nil }
        return (clusterState, settings)
    }

    private func acquireAndSend(endpoint: UpstreamEndpoint, retryStale: Bool) {
        let key = EndpointKey(endpoint)
        let limits = poolLimits
        // The hot path: an idle pooled connection, taken without a completion closure.
        if limits == nil, let connection = loop.takeIdle(key) {
            send(on: connection, reused: true, endpoint: endpoint, retryStale: retryStale)
            return
        }
        let attemptNumber = attempts
        // The completion may run synchronously (pooled connection), so it must not touch
        // `waiterID` while `acquire` holds it inout: use a local and store it afterwards.
        var queuedID: Int?
        loop.acquire(key, limits: limits, waiterID: &queuedID) { [self] acquired in
            guard !done, attemptNumber == attempts, currentEndpoint.map(EndpointKey.init) == key else {
                if case .connection(let connection, _) = acquired {
                    loop.release(connection, keepAlive: true, limits: poolLimits)
                }
                return
            }
            switch acquired {
            case .overflow:
                endAttemptAccounting(key)
                overflow(endpoint)
            case .connectFailure:
                outcome(.connectFailure, endpoint: endpoint)
            case .connection(let connection, let reused):
                send(on: connection, reused: reused, endpoint: endpoint, retryStale: retryStale)
            }
        }
        waiterID = queuedID
    }

    private func send(on connection: UpstreamConnection, reused: Bool, endpoint: UpstreamEndpoint, retryStale: Bool) {
        sending = Sending(
            connection: connection, endpoint: endpoint, reused: reused, retryStale: retryStale,
            at: WallClock.monotonicNanos())
        connection.send(
            request(authority: action.authority, attempt: attempts, endpoint: endpoint), isHead: info.head.isHead,
            exchange: self)
    }

    /// The upstream answered or failed (`UpstreamConnection` calls this once per `send`).
    func upstream(
        _ connection: UpstreamConnection, finished result: Result<UpstreamResponse, UpstreamFailure>, keepAlive: Bool
    ) {
        guard let sent = sending, sent.connection === connection else { return }
        sending = nil
        switch result {
        case .success(let response):
            loop.release(connection, keepAlive: keepAlive, limits: poolLimits)
            let serviceTime = Int((WallClock.monotonicNanos() - sent.at) / 1_000_000)
            outcome(.response(response, serviceTime: serviceTime), endpoint: sent.endpoint)
        case .failure(.protocolError):
            outcome(.protocolError, endpoint: sent.endpoint)
        case .failure:
            // A pooled keep-alive connection the upstream had already closed: try a
            // fresh one once without counting an attempt (Envoy does the same).
            if sent.reused && sent.retryStale {
                acquireAndSend(endpoint: sent.endpoint, retryStale: false)
            } else {
                outcome(.reset, endpoint: sent.endpoint)
            }
        }
    }

    private func abortAttempt() {
        if let sent = sending {
            sending = nil
            sent.connection.abort()
        }
        if let waiterID, let clusterState {
            clusterState.cancelWaiter(waiterID)
            self.waiterID = nil
        }
        if let endpoint = currentEndpoint { endAttemptAccounting(EndpointKey(endpoint)) }
    }

    private func endAttemptAccounting(_ key: EndpointKey) {
        tryTimer?.cancel()
        tryTimer = nil
        if currentEndpoint != nil {
            loop.requestEnded(key)
            currentEndpoint = nil
        }
        if holdsRequestSlot {
            holdsRequestSlot = false
            clusterState?.endRequest()
        }
    }

    private func outcome(_ result: Outcome, endpoint: UpstreamEndpoint) {
        guard !done else { return }
        endAttemptAccounting(EndpointKey(endpoint))
        let status: Int
        switch result {
        case .response(let response, _): status = response.status
        case .connectFailure, .reset: status = 503
        case .protocolError: status = 502
        case .perTryTimeout: status = 504
        }
        if let settings = cluster.outlierDetection, let clusterState {
            clusterState.record(
                endpoint: endpoint, status: status, settings: settings, clusterSize: cluster.endpoints.count,
                now: WallClock.monotonicNanos())
        }
        let retriable = RetryDecision.isRetriable(result: result.kind, status: status, policy: retryPolicy)
        if retriable && attempts <= retryPolicy.attempts {
            let ceiling = min(25 << min(attempts - 1, 4), 250)
            let backoff = Int64(loop.random.next() % UInt64(ceiling))
            delayTimer = isolated.scheduleTask(in: .milliseconds(backoff)) { [self] in
                delayTimer = nil
                attempt()
            }
            return
        }
        let exhausted = retriable && attempts > 1
        // Envoy's flag for the failure, with URX when the retries ran out.
        func failed(_ status: Int, body: String, flag: String, details: String) {
            var reply = local(status, body: body, flags: exhausted ? flag + ",URX" : flag, details: details)
            reply.endpoint = endpoint
            complete(reply)
        }
        switch result {
        case .response(let response, let serviceTime):
            var reply = GatewayReply.proxied(
                response, isHeadRequest: info.head.isHead, serviceTime: serviceTime, operations: action.responseHeaders,
                endpoint: endpoint)
            reply.flags = exhausted ? "URX" : "-"
            complete(reply)
        case .connectFailure:
            failed(
                503, body: GatewayReply.resetBody("connection failure"), flag: "UF",
                details: "upstream_reset_before_response_started{connection_failure}")
        case .reset:
            failed(
                503, body: GatewayReply.resetBody("connection termination"), flag: "UC",
                details: "upstream_reset_before_response_started{connection_termination}")
        case .protocolError:
            // Envoy answers an upstream codec error with 502 and UPE (Istio's gateway does too).
            failed(
                502, body: GatewayReply.resetBody("protocol error"), flag: "UPE",
                details: "upstream_reset_before_response_started{protocol_error}")
        case .perTryTimeout:
            failed(504, body: "upstream request timeout", flag: "UT", details: "upstream_per_try_timeout")
        }
    }

    private func overflow(_ endpoint: UpstreamEndpoint) {
        handler.shared.metrics.increment(
            "envoy_cluster_upstream_rq_pending_overflow{cluster_name=\"\(cluster.name)\"}")
        var reply = local(
            503, body: GatewayReply.resetBody("overflow"), flags: "UO",
            details: "upstream_reset_before_response_started{overflow}", headers: ["x-envoy-overloaded": "true"])
        reply.endpoint = endpoint
        complete(reply)
    }

    private func local(_ status: Int, body: String, flags: String, details: String, headers: [String: String] = [:])
        -> GatewayReply
    {
        GatewayReply.local(
            status: status, body: body, flags: flags, details: details, extraHeaders: headers, allocator: loop.allocator
        )
    }

    private func finishLocal(_ status: Int, body: String, flags: String, details: String) {
        complete(local(status, body: body, flags: flags, details: details))
    }

    private func complete(_ reply: consuming GatewayReply) {
        guard !done else { return }
        done = true
        cancelTimers()
        if info.delayed { reply.flags = reply.flags == "-" ? "DI" : "DI," + reply.flags }
        handler.finish(reply, info: info, forceClose: false)
    }

    private func cancelTimers() {
        routeTimer?.cancel()
        routeTimer = nil
        tryTimer?.cancel()
        tryTimer = nil
        delayTimer?.cancel()
        delayTimer = nil
    }
}

extension ForwardExchange.Outcome {
    fileprivate var kind: RetryDecision.Kind {
        switch self {
        case .response: return .response
        case .connectFailure: return .connectFailure
        // Envoy's codec resets the stream on a protocol error: `reset`, `5xx` and
        // `gateway-error` cover it.
        case .reset, .protocolError: return .reset
        case .perTryTimeout: return .perTryTimeout
        }
    }
}
