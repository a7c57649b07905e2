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
        handler.expect(completion, isHead: head.method == .HEAD)
        // Serialised by hand: one buffer, one write, no encoder pass.
        var buffer = channel.allocator.buffer(capacity: 512 + (body?.readableBytes ?? 0))
        buffer.writeString(head.method.rawValue)
        buffer.writeStaticString(" ")
        buffer.writeString(head.uri)
        buffer.writeStaticString(" HTTP/1.1\r\n")
        for (name, value) in head.headers {
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
        if var body { buffer.writeBuffer(&body) }
        channel.writeAndFlush(buffer, promise: nil)
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
}

/// Parses one response at a time off the raw bytes and reports it to the waiting exchange.
final class UpstreamClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    weak var connection: UpstreamConnection?
    private var completion: ((Result<UpstreamResponse, UpstreamFailure>, Bool) -> Void)?
    private var parser = UpstreamResponseParser()
    private var pending: ByteBuffer?
    private(set) var peerWantsClose = false

    var isIdle: Bool { completion == nil }

    func expect(_ completion: @escaping (Result<UpstreamResponse, UpstreamFailure>, Bool) -> Void, isHead: Bool) {
        self.completion = completion
        parser.expectingHeadResponse = isHead
    }

    func cancel() { completion = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        guard completion != nil else {
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
            context.close(promise: nil)
        case .response(let response, let keepAlive):
            if !keepAlive { peerWantsClose = true }
            if pending!.readableBytes > 0 { peerWantsClose = true }  // no upstream pipelining
            pending = nil
            let completion = self.completion
            self.completion = nil
            completion?(.success(response), !peerWantsClose)
        }
        if pending?.readableBytes == 0 { pending = nil }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let completion {
            self.completion = nil
            if let event = parser.endOfInput(), case .response(let response, _) = event {
                completion(.success(response), false)
            } else {
                completion(.failure(.resetBeforeHeaders), false)
            }
        }
        connection?.closed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
