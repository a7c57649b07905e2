import MeshRouting
import NIOCore
import NIOHTTP1

/// One downstream connection of the gateway, and its only handler: bytes in, each response
/// out as one buffer. It parses requests (`GatewayRequestParser`), queues pipelined ones and
/// answers them strictly in order (done here rather than by NIO's `HTTPServerPipelineHandler`,
/// which stops reading while a response is pending and so costs two `epoll_ctl` calls per
/// proxied request), asks the router, answers locally or hands the request to a
/// `ForwardExchange`, then writes the reply, the access-log record and metrics. It also keeps
/// the header-timeout clock and answers malformed input (`400`, `431`, `501`).
final class GatewayHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let shared: GatewayShared
    let loop: GatewayLoopState
    private let routerPort: Int
    private var context: ChannelHandlerContext?
    private var parser: GatewayRequestParser
    /// Received bytes not yet parsed.
    private var pending: ByteBuffer?
    /// No more input is read: malformed input arrived, or a response closes the connection.
    private var stopped = false
    /// The status for malformed input, answered once the requests before it are.
    private var rejection: GatewayRejection?
    private var busy = false
    private var queue = CircularBuffer<(GatewayRequestHead, ByteBuffer?)>()
    private var draining = false
    /// Pipelined requests beyond this are a client abusing the connection: it is closed.
    private let maxQueued = 256
    private var inputClosed = false
    private var pendingDelay: Scheduled<Void>?
    /// After a rejection: the output is closed and input is drained until this fires.
    private var lingering: Scheduled<Void>?
    private var exchange: ForwardExchange?
    private(set) var clientIP = "127.0.0.1"
    private var localAddress = "-"
    private var remoteAddress = "-"
    private let headerTimer: HeaderTimer?

    init(shared: GatewayShared, loop: GatewayLoopState, routerPort: Int) {
        self.shared = shared
        self.loop = loop
        self.routerPort = routerPort
        self.parser = GatewayRequestParser(
            maxHeaderBytes: shared.configuration.limits.maxHeaderBytes,
            maxBodyBytes: shared.configuration.limits.maxRequestBodyBytes)
        self.headerTimer = shared.configuration.limits.headerTimeout.map(HeaderTimer.init(timeout:))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { headerTimer?.arm(context: context) }
        if let remote = context.channel.remoteAddress {
            clientIP = remote.ipAddress ?? "127.0.0.1"
            remoteAddress = "\(clientIP):\(remote.port ?? 0)"
        }
        localAddress = "\(shared.configuration.podIP):\(routerPort)"
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        headerTimer?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        headerTimer?.arm(context: context)
        context.fireChannelActive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Resets and other I/O errors: nothing to answer, just drop the connection.
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !stopped else { return }
        var incoming = unwrapInboundIn(data)
        if pending == nil {
            pending = incoming
        } else {
            pending!.writeBuffer(&incoming)
        }
        parsing: while true {
            switch parser.parse(&pending!) {
            case .needMore:
                break parsing
            case .request(let head, let body):
                queue.append((head, body))
                if queue.count > maxQueued {
                    context.close(promise: nil)
                    return
                }
            case .invalid(let rejected):
                // Requests before the malformed one still get their answers, in order.
                stopped = true
                pending = nil
                rejection = rejected
                startNext()
                return
            }
        }
        if pending!.readableBytes == 0 { pending = nil }
        // Envoy answers `Expect: 100-continue` itself rather than waiting for the upstream; only
        // when no earlier response is owed, or the client would take it for that one's start.
        if parser.wantsContinue && !busy && queue.isEmpty {
            parser.wantsContinue = false
            var interim = loop.allocator.buffer(capacity: 25)
            interim.writeStaticString("HTTP/1.1 100 Continue\r\n\r\n")
            context.writeAndFlush(wrapOutboundOut(interim), promise: nil)
        }
        // The clock stops once a head is in: a body or a queued request is being handled.
        if parser.isMidRequest || !queue.isEmpty { headerTimer?.disarm() }
        startNext()
    }

    /// Answers malformed input like Envoy (`400`, `431` for an oversized header block, `501` for
    /// an unknown transfer coding, `413` with Envoy's buffer-limit body for a body over the limit)
    /// with `connection: close`, after the requests before it.
    private func reject(_ rejection: GatewayRejection, context: ChannelHandlerContext) {
        let channel = context.channel
        let reply = GatewayReply.local(
            status: Int(rejection.status.code), body: rejection.body, flags: rejection.flags,
            details: rejection.details, allocator: loop.allocator)
        recordRejection(rejection, reply: reply)
        context.writeAndFlush(wrapOutboundOut(reply.serialized(keepAlive: false, allocator: loop.allocator)))
            .assumeIsolated().whenComplete { [self] _ in linger(channel) }
    }

    /// Closes the output and drains input for up to a second before closing.
    ///
    /// Why: closing a socket with unread input (the rest of an oversized body, say) makes the
    /// kernel send a reset, which can destroy the answer before the client reads it; Envoy
    /// half-closes and waits the same way (`delayed_close_timeout`, 1 s by default).
    private func linger(_ channel: any Channel) {
        guard channel.isActive, !inputClosed else {
            channel.close(promise: nil)
            return
        }
        channel.close(mode: .output, promise: nil)
        lingering = loop.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
    }

    /// Starts queued requests one at a time; a loop rather than recursion, because local
    /// replies complete synchronously.
    private func startNext() {
        guard !draining else { return }
        draining = true
        while !busy, let next = queue.popFirst() {
            busy = true
            handle(head: next.0, body: next.1)
        }
        draining = false
        // `stopped` first: only a stopped connection has a rejection, and testing the optional
        // itself costs an outlined copy on every request.
        if !busy && queue.isEmpty && stopped, let rejected = rejection, let context {
            rejection = nil
            reject(rejected, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            inputClosed = true
            if lingering != nil || (!busy && queue.isEmpty) { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        headerTimer?.cancel()
        pendingDelay?.cancel()
        lingering?.cancel()
        exchange?.downstreamClosed()
        exchange = nil
        context.fireChannelInactive()
    }

    private func handle(head received: GatewayRequestHead, body: ByteBuffer?) {
        var head = received
        head.normalizeTarget()
        let info = GatewayRequestInfo(
            start: WallClock.now(), startNanos: WallClock.monotonicNanos(), head: head,
            bytesReceived: body?.readableBytes ?? 0, requestID: RequestID.make(using: &loop.random),
            forwardedFor: forwardedFor(head))
        let allocator = loop.allocator
        // Envoy rejects HTTP/1.0 unless `accept_http_10` is set (Istio leaves it off).
        if head.minorVersion == 0 {
            var reply = GatewayReply.local(
                status: 426, body: "", flags: "-", details: "low_version", allocator: allocator)
            reply.headers.add(name: "connection", value: "close")
            finish(reply, info: info, forceClose: true)
            return
        }
        if head.uri.utf8.count > shared.configuration.limits.maxURILength {
            let reply = GatewayReply.local(
                status: 414, body: "", flags: "-", details: "uri_too_long", allocator: allocator)
            finish(reply, info: info, forceClose: true)
            return
        }
        // RFC 9112 §3.2: an HTTP/1.1 request must carry exactly one Host; Envoy answers 400
        // with `missing_host_header` when it has none.
        if head.hostCount != 1 {
            let reply = GatewayReply.local(
                status: 400, body: "", flags: "-",
                details: head.hostCount == 0 ? "missing_host_header" : "duplicate_host_header", allocator: allocator)
            finish(reply, info: info, forceClose: true)
            return
        }
        let request = RoutingRequest(
            listenerPort: routerPort, method: head.method, path: head.uri,
            authority: info.authority ?? "", scheme: "http",
            lowercasedHeaders: head.headers)
        let (decision, generation) = loop.route(request, shared: shared)
        info.routerGeneration = generation
        switch decision {
        case .local(let local):
            info.routeName = local.routeName
            info.destination = local.destination
            info.clusterName = local.destination?.clusterName
            var flags = local.responseFlags
            if let delay = local.delayMilliseconds, delay > 0 {
                flags = flags == "-" ? "DI" : "DI," + flags
            }
            let reply = GatewayReply.local(
                status: local.status, body: local.body, flags: flags, details: local.details,
                extraHeaders: local.headers,
                allocator: allocator)
            if let delay = local.delayMilliseconds, delay > 0 {
                let bound = NIOLoopBound(self, eventLoop: loop.eventLoop)
                let capturedInfo = info
                pendingDelay = loop.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(delay))) {
                    bound.value.pendingDelay = nil
                    bound.value.finish(reply, info: capturedInfo, forceClose: false)
                }
            } else {
                finish(reply, info: info, forceClose: false)
            }
        case .forward(let action):
            info.routeName = action.routeName
            info.destination = action.destination
            let exchange = ForwardExchange(handler: self, action: action, info: info, body: body)
            self.exchange = exchange
            exchange.start()
        }
    }

    /// Writes the reply, then logs and counts it.
    func finish(_ reply: consuming GatewayReply, info: GatewayRequestInfo, forceClose: Bool) {
        exchange = nil
        guard let context else { return }
        let keepAlive = info.head.isKeepAlive && !(inputClosed && queue.isEmpty) && !forceClose
        // A HEAD answer keeps its content-length but never has a body, local replies included.
        if info.head.isHead { reply.sendBody = false }
        let sent = reply.sendBody ? reply.body.readableBytes : 0
        // Log and count before writing, so a client that saw the response also sees them.
        record(reply, info: info, bytesSent: sent)
        let bytes = reply.serialized(keepAlive: keepAlive, allocator: loop.allocator)
        busy = false
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
            if queue.isEmpty && !parser.isMidRequest { headerTimer?.arm(context: context) }
            startNext()
        } else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in channel.close(promise: nil) }
            stopped = true  // nothing is answered after a response that closes the connection
            queue.removeAll()
            rejection = nil
        }
    }

    private func record(_ reply: GatewayReply, info: GatewayRequestInfo, bytesSent: Int) {
        let elapsedNanos = WallClock.monotonicNanos() - info.startNanos
        let key = MetricKey(
            cluster: info.destination?.clusterName ?? "", endpoint: reply.endpoint?.identity, status: reply.status,
            flags: reply.flags)
        let cell = loop.metricCell(key, endpoint: reply.endpoint, generation: info.routerGeneration) {
            shared.metrics.cell(for: labels(reply, destination: info.destination), shardHint: loop.shard)
        }
        shared.metrics.record(cell, durationMilliseconds: Double(elapsedNanos) / 1e6)
        guard shared.configuration.accessLog else { return }
        shared.log.append(
            GatewayLogRecord(
                info: info, reply: reply, bytesSent: bytesSent, durationMilliseconds: Int(elapsedNanos / 1_000_000),
                podIP: shared.configuration.podIP, localAddress: localAddress, remoteAddress: remoteAddress))
    }

    /// Counts and logs a refused request, as Envoy does for a codec error (`DPE`) or a body over
    /// the limit, with destination `unknown`. Envoy routes a request before buffering its body,
    /// so its 413 line also names the route and cluster; meshsim's gateway routes a request only
    /// once the whole body is in (to retry and mirror it), so its 413 names neither.
    private func recordRejection(_ rejection: GatewayRejection, reply: GatewayReply) {
        let cell = shared.metrics.cell(for: labels(reply, destination: nil), shardHint: loop.shard)
        shared.metrics.record(cell, durationMilliseconds: 0)
        guard shared.configuration.accessLog else { return }
        // Envoy gives a request its id and x-forwarded-for once its head is decoded.
        let head = rejection.head
        shared.log.append(
            GatewayLogRecord(
                rejection: rejection, reply: reply, start: WallClock.now(),
                requestID: head == nil ? nil : RequestID.make(using: &loop.random),
                forwardedFor: head.map(forwardedFor),
                podIP: shared.configuration.podIP, localAddress: localAddress, remoteAddress: remoteAddress))
    }

    /// `x-forwarded-for` as sent upstream and logged: the client's list with its address appended.
    private func forwardedFor(_ head: GatewayRequestHead) -> String {
        head.first("x-forwarded-for").map { "\($0),\(clientIP)" } ?? clientIP
    }

    /// The gateway's `istio_requests_total` labels for one answer (reporter `source`).
    private func labels(_ reply: GatewayReply, destination: DestinationInfo?) -> RequestLabels {
        let identity = shared.configuration.identity
        var labels = RequestLabels(reporter: "source")
        labels.setSource(identity)
        if let destination {
            labels.destinationService = destination.serviceHost
            labels.destinationServiceName = destination.serviceName
            labels.destinationServiceNamespace = destination.serviceNamespace
        }
        if let endpoint = reply.endpoint {
            labels.setDestinationWorkload(
                workload: endpoint.workload, namespace: endpoint.namespace, labels: endpoint.labels)
            // Istio's auto mTLS: a pod with a sidecar is reached over mutual TLS, and both
            // identities are known.
            if !endpoint.principal.isEmpty {
                labels.sourcePrincipal = identity.principal
                labels.destinationPrincipal = endpoint.principal
            }
        }
        labels.responseCode = reply.status
        labels.responseFlags = reply.flags
        return labels
    }
}
