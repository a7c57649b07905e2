import NIOCore
import NIOHTTP1
import NIOPosix

/// A complete upstream response (bodies are small in the simulation, so they are aggregated:
/// this also keeps retries simple, as Envoy buffers nothing but decides before headers).
/// The headers stay bytes: the gateway copies them through without making strings.
struct UpstreamResponse {
    /// The status code.
    var status: Int
    /// The header lines Envoy forwards downstream, serialised as `name: value\r\n` with names
    /// lower-cased (Envoy's HTTP/1 codec does so); hop-by-hop headers, `server` and
    /// `content-length` are left out.
    var forwardedHeaders: ByteBuffer
    /// Whether the upstream sent a `date` header (kept; Envoy adds one only when missing).
    var hasDate: Bool
    /// The advertised Content-Length (a HEAD or 304 answer keeps it without a body).
    var contentLength: Int?
    var body: ByteBuffer
}

/// Whoever waits for an upstream response (the forwarding exchange, a mirror copy).
protocol UpstreamExchange: AnyObject {
    /// The response arrived, or the connection failed before one did; called once per send.
    func upstream(
        _ connection: UpstreamConnection, finished result: Result<UpstreamResponse, UpstreamFailure>, keepAlive: Bool)
}

/// Why an upstream exchange produced no response.
enum UpstreamFailure: Error {
    /// TCP connect refused or timed out (Envoy `UF`).
    case connectFailure
    /// The connection closed or reset before response headers (Envoy `UC`).
    case resetBeforeHeaders
    /// The upstream sent bytes that are not a valid HTTP/1.1 response (Envoy `UPE`).
    case protocolError
}

/// One keep-alive HTTP/1.1 connection to an endpoint, confined to its event loop.
final class UpstreamConnection {
    let channel: any Channel
    let key: EndpointKey
    private let handler: UpstreamClientHandler
    /// Requests sent on this connection so far (`maxRequestsPerConnection`).
    var requestsServed = 0
    /// Called once when the connection closes (pool and circuit-breaker bookkeeping).
    var onClose: (() -> Void)?

    init(channel: any Channel, key: EndpointKey, handler: UpstreamClientHandler) {
        self.channel = channel
        self.key = key
        self.handler = handler
        handler.connection = self
    }

    /// Open, idle and not asked to close (tracked by the handler: reading `channel.isActive`
    /// costs a lock-free but non-trivial state copy in NIO, twice per request).
    var isUsable: Bool { !handler.isClosed && handler.isIdle && !handler.peerWantsClose }

    /// Sends one serialised request (`UpstreamRequestBuilder.request`);
    /// `exchange.upstream(_:finished:keepAlive:)` runs on the loop exactly once.
    func send(_ request: ByteBuffer, isHead: Bool, exchange: any UpstreamExchange) {
        requestsServed += 1
        handler.expect(exchange, isHead: isHead)
        handler.write(request)
    }

    /// Abandons the exchange in flight (timeouts): the connection cannot be reused.
    func abort() {
        handler.cancel()
        channel.close(promise: nil)
    }

    fileprivate func closed() {
        let callback = onClose
        onClose = nil
        callback?()
    }

    /// Opens a connection from `eventLoop` to `key`.
    static func connect(
        key: EndpointKey, on eventLoop: any EventLoop, timeout: TimeAmount,
        completion: @escaping (Result<UpstreamConnection, UpstreamFailure>) -> Void
    ) {
        ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                do {
                    try channel.pipeline.syncOperations.addHandler(UpstreamClientHandler())
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .connect(host: key.host, port: key.port)
            .assumeIsolated()
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    guard let handler = try? channel.pipeline.syncOperations.handler(type: UpstreamClientHandler.self)
                    else {
                        channel.close(promise: nil)
                        completion(.failure(.connectFailure))
                        return
                    }
                    completion(.success(UpstreamConnection(channel: channel, key: key, handler: handler)))
                case .failure:
                    completion(.failure(.connectFailure))
                }
            }
    }
}

/// Where a connection goes: the endpoint's real local address.
struct EndpointKey: Hashable {
    var host: String
    var port: Int

    /// Hashes the port only: hosts are all loopback, and the pools look keys up several times
    /// per request (equality still compares both).
    func hash(into hasher: inout Hasher) { hasher.combine(port) }
}

/// Parses one response at a time off the raw bytes and reports it to the waiting exchange.
final class UpstreamClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// Strong while the channel is open (a mirror's connection has no other owner), released
    /// when it closes, which breaks the connection ↔ handler cycle.
    var connection: UpstreamConnection?
    private var exchange: (any UpstreamExchange)?
    private var parser = UpstreamResponseParser()
    private var pending: ByteBuffer?
    private(set) var peerWantsClose = false
    /// The channel went inactive.
    private(set) var isClosed = false

    /// Set while the handler is in the pipeline: writes start from here rather than from the
    /// channel's tail, skipping the pipeline's thread check and handler walk.
    private var context: ChannelHandlerContext?

    var isIdle: Bool { exchange == nil }

    /// Keeps the context for `write`.
    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    /// Drops the context (breaks the handler ↔ context cycle).
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Writes and flushes one serialised request (dropped once the handler is gone).
    func write(_ request: ByteBuffer) {
        context?.writeAndFlush(NIOAny(request), promise: nil)
    }

    func expect(_ exchange: any UpstreamExchange, isHead: Bool) {
        self.exchange = exchange
        parser.expectingHeadResponse = isHead
    }

    func cancel() { exchange = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        guard exchange != nil else {
            // Bytes nobody asked for: the connection is no longer trustworthy.
            peerWantsClose = true
            context.close(promise: nil)
            return
        }
        if pending == nil {
            pending = incoming
        } else {
            pending!.writeBuffer(&incoming)
        }
        switch parser.parse(&pending!) {
        case .needMore:
            break
        case .invalid:
            peerWantsClose = true
            pending = nil
            // Reported as what it is before the close, which would call it a reset.
            report(.failure(.protocolError), keepAlive: false)
            context.close(promise: nil)
        case .response(let response, let keepAlive):
            if !keepAlive { peerWantsClose = true }
            if pending!.readableBytes > 0 { peerWantsClose = true }  // no upstream pipelining
            pending = nil
            report(.success(response), keepAlive: !peerWantsClose)
        }
        if pending?.readableBytes == 0 { pending = nil }
    }

    func channelInactive(context: ChannelHandlerContext) {
        isClosed = true
        if exchange != nil {
            if let event = parser.endOfInput(), case .response(let response, _) = event {
                report(.success(response), keepAlive: false)
            } else {
                report(.failure(.resetBeforeHeaders), keepAlive: false)
            }
        }
        connection?.closed()
        connection = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Hands the outcome to the waiting exchange, once: it is cleared first, so nothing the
    /// exchange does in response can report twice.
    private func report(_ result: Result<UpstreamResponse, UpstreamFailure>, keepAlive: Bool) {
        let exchange = self.exchange
        self.exchange = nil
        if let exchange, let connection { exchange.upstream(connection, finished: result, keepAlive: keepAlive) }
    }
}
