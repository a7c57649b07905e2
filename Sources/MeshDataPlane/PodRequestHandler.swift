import NIOCore
import NIOHTTP1

/// One pod connection: runs the sidecar (when injected), the misbehaviour knobs and the
/// app's static responder, and writes nginx's access log line per request.
final class PodRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: PodServerCore
    private let shard: Int
    private var head: HTTPRequestHead?
    private var bodyBytes = 0
    private var busy = false
    private var inputClosed = false
    private var pending: Scheduled<Void>?

    init(core: PodServerCore, shard: Int) {
        self.core = core
        self.shard = shard
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            bodyBytes = 0
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
        case .end:
            guard let head else { return }
            self.head = nil
            handle(context: context, head: head)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            // Half-close: answer what is in flight, then close (nginx does the same).
            inputClosed = true
            if !busy { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending?.cancel()
        pending = nil
        context.fireChannelInactive()
    }

    private func handle(context: ChannelHandlerContext, head original: HTTPRequestHead) {
        busy = true
        var head = original
        if head.uri.utf8.count > core.configuration.limits.maxURILength {
            send(
                context: context, head: head, response: PodResponder.error(.uriTooLong), exchange: nil, forceClose: true
            )
            return
        }
        let exchange = core.sidecar?.inbound(&head)
        if let exchange, exchange.refused {
            refuseForSidecar(context: context, head: head, exchange: exchange)
            return
        }
        let (latency, errorStatus) = core.draw()
        let response: PodResponse
        if let errorStatus {
            var failure = PodResponder.error(HTTPResponseStatus(statusCode: errorStatus))
            if head.method == .HEAD { failure.sendBody = false }
            response = failure
        } else {
            response = core.responder.respond(method: head.method, uri: head.uri, headers: head.headers)
        }
        if latency > .zero {
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let head = head
            pending = context.eventLoop.scheduleTask(in: latency) {
                let (handler, context) = loopBound.value
                handler.pending = nil
                handler.send(context: context, head: head, response: response, exchange: exchange, forceClose: false)
            }
        } else {
            send(context: context, head: head, response: response, exchange: exchange, forceClose: false)
        }
    }

    /// The sidecar's own answer when nothing in the pod listens on the requested port: Envoy's
    /// `503` for a refused connection; the app never sees the request.
    private func refuseForSidecar(
        context: ChannelHandlerContext, head: HTTPRequestHead, exchange: SidecarProxy.Exchange
    ) {
        let keepAlive = head.isKeepAlive && !inputClosed
        let body = ByteBuffer(
            string: GatewayReply.resetBody("connection failure, transport failure reason: delayed connect error: 111"))
        var headers = HTTPHeaders()
        headers.add(name: "content-length", value: String(body.readableBytes))
        headers.add(name: "content-type", value: "text/plain")
        headers.add(name: "date", value: WallClock.httpDate())
        headers.add(name: "server", value: "istio-envoy")
        if !keepAlive { headers.add(name: "connection", value: "close") }
        let sentBody = head.method == .HEAD ? 0 : body.readableBytes
        let remote = context.channel.remoteAddress?.ipAddress ?? "127.0.0.1"
        core.sidecar?.finish(
            exchange, status: 503, bytesReceived: bodyBytes, bytesSent: sentBody, upstreamMilliseconds: nil,
            localPort: context.channel.localAddress?.port ?? 0, remote: remote, shard: shard)
        write(
            context: context, status: .serviceUnavailable, headers: headers, body: sentBody > 0 ? body : nil,
            keepAlive: keepAlive)
    }

    private func send(
        context: ChannelHandlerContext, head: HTTPRequestHead, response: PodResponse,
        exchange: SidecarProxy.Exchange?, forceClose: Bool
    ) {
        let keepAlive = head.isKeepAlive && !inputClosed && !forceClose
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 4)
        headers.add(name: "Server", value: NginxPages.serverHeader)
        headers.add(name: "Date", value: WallClock.httpDate())
        headers.add(contentsOf: response.headers)
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let sentBody = response.sendBody ? response.body.readableBytes : 0
        if let exchange, let sidecar = core.sidecar {
            let upstream = Int((WallClock.monotonicNanos() - exchange.startNanos) / 1_000_000)
            sidecar.decorate(&headers, upstreamMilliseconds: upstream)
        }
        // Log and count before writing, so a client that saw the response also sees the line.
        let remote = context.channel.remoteAddress?.ipAddress ?? "127.0.0.1"
        core.appLog.append(accessLine(head: head, status: Int(response.status.code), bytes: sentBody, remote: remote))
        if let exchange, let sidecar = core.sidecar {
            let upstream = Int((WallClock.monotonicNanos() - exchange.startNanos) / 1_000_000)
            sidecar.finish(
                exchange, status: Int(response.status.code), bytesReceived: bodyBytes, bytesSent: sentBody,
                upstreamMilliseconds: upstream, localPort: context.channel.localAddress?.port ?? 0, remote: remote,
                shard: shard)
        }
        write(
            context: context, status: response.status, headers: headers, body: sentBody > 0 ? response.body : nil,
            keepAlive: keepAlive)
    }

    /// Writes one response, closes the connection after it unless kept alive, and frees the
    /// handler for the next request.
    private func write(
        context: ChannelHandlerContext, status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer?,
        keepAlive: Bool
    ) {
        let version = HTTPVersion(major: 1, minor: 1)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
        busy = false
    }

    /// nginx `combined` format, followed by the received request headers.
    private func accessLine(head: HTTPRequestHead, status: Int, bytes: Int, remote: String) -> String {
        let referer = head.headers.first(name: "referer") ?? "-"
        let agent = head.headers.first(name: "user-agent") ?? "-"
        let received = head.headers.map { "\($0.name.lowercased())=\($0.value)" }.joined(separator: "; ")
        return
            "\(remote) - - [\(WallClock.nginxDate())] \"\(head.method.rawValue) \(head.uri) HTTP/\(head.version.major).\(head.version.minor)\" "
            + "\(status) \(bytes) \"\(referer)\" \"\(agent)\" headers: \(received)"
    }
}
