import NIOCore
import NIOHTTP1
import NIOPosix

/// A complete upstream response (bodies are small in the simulation, so they are aggregated:
/// this also keeps retries simple, as Envoy buffers nothing but decides before headers).
struct UpstreamResponse {
    var head: HTTPResponseHead
    var body: ByteBuffer
}

/// Why an upstream exchange produced no response.
enum UpstreamFailure: Error {
    /// TCP connect refused or timed out (Envoy `UF`).
    case connectFailure
    /// The connection closed or reset before response headers (Envoy `UC`).
    case resetBeforeHeaders
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

    var isUsable: Bool { channel.isActive && handler.isIdle && !handler.peerWantsClose }

    /// Sends one request; `completion` runs on the loop exactly once.
    func send(
        head: HTTPRequestHead, body: ByteBuffer?,
        completion: @escaping (Result<UpstreamResponse, UpstreamFailure>, _ keepAlive: Bool) -> Void
    ) {
        requestsServed += 1
        handler.expect(completion)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body, body.readableBytes > 0 { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
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
                    // We set framing headers ourselves and forward headers that were already
                    // parsed, so NIO's validation and framing passes are skipped.
                    var encoder = HTTPRequestEncoder.Configuration()
                    encoder.automaticallySetFramingHeaders = false
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        enableOutboundHeaderValidation: false, encoderConfiguration: encoder)
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
}

/// Collects one response at a time and reports it to the waiting exchange.
final class UpstreamClientHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    weak var connection: UpstreamConnection?
    private var completion: ((Result<UpstreamResponse, UpstreamFailure>, Bool) -> Void)?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private(set) var peerWantsClose = false

    var isIdle: Bool { completion == nil }

    func expect(_ completion: @escaping (Result<UpstreamResponse, UpstreamFailure>, Bool) -> Void) {
        self.completion = completion
        head = nil
        body = nil
    }

    func cancel() { completion = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard head.status.code >= 200 else { return }  // 1xx: wait for the final head
            self.head = head
            if !head.isKeepAlive { peerWantsClose = true }
        case .body(var chunk):
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        case .end:
            guard let head, let completion else { return }
            self.completion = nil
            let response = UpstreamResponse(head: head, body: body ?? context.channel.allocator.buffer(capacity: 0))
            self.head = nil
            self.body = nil
            completion(.success(response), !peerWantsClose)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let completion {
            self.completion = nil
            completion(.failure(.resetBeforeHeaders), false)
        }
        connection?.closed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
