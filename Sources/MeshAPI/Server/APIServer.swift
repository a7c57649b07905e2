import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The daemon's HTTP/1.1 listener on 127.0.0.1: keep-alive, whole or chunked (streamed) replies.
public final class APIServer: Sendable {
    /// Handles one request.
    public typealias Handler = @Sendable (APIRequest) async -> APIResponse

    private let channel: any Channel
    /// The bound port.
    public let port: Int

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Binds 127.0.0.1:`port` (0 picks a free port) and serves `handler`.
    public static func start(
        port: Int, group: any EventLoopGroup, maxBodyBytes: Int = 3 << 20, handler: @escaping Handler
    ) async throws -> APIServer {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        APIChannelHandler(handler: handler, maxBodyBytes: maxBodyBytes))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        return APIServer(channel: channel, port: channel.localAddress?.port ?? port)
    }

    /// Stops listening.
    public func stop() async {
        try? await channel.close()
    }
}

/// Collects one request, runs the async handler, writes the reply; requests on a connection are
/// answered in order because the next one is read only after the reply is written.
final class APIChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: APIServer.Handler
    private let maxBodyBytes: Int
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false

    init(handler: @escaping APIServer.Handler, maxBodyBytes: Int) {
        self.handler = handler
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
            tooLarge = false
        case .body(var chunk):
            if tooLarge { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > maxBodyBytes {
                tooLarge = true
                body = nil
                return
            }
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        case .end:
            guard let head else { return }
            self.head = nil
            let keepAlive = head.isKeepAlive
            if tooLarge {
                let status =
                    #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Request entity too large: limit is 3145728","reason":"RequestEntityTooLarge","code":413}"#
                write(
                    .json(.payloadTooLarge, Array(status.utf8)), context: context, keepAlive: keepAlive,
                    version: head.version)
                return
            }
            let request = APIRequest(method: head.method, uri: head.uri, headers: head.headers, body: body)
            body = nil
            let handler = self.handler
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
            let eventLoop = context.eventLoop
            Task {
                let response = await handler(request)
                eventLoop.execute {
                    let (this, context) = loopBound.value
                    this.write(response, context: context, keepAlive: keepAlive, version: head.version)
                }
            }
        }
    }

    private func write(_ response: APIResponse, context: ChannelHandlerContext, keepAlive: Bool, version: HTTPVersion) {
        switch response {
        case .full(let status, var headers, let bytes):
            headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
            if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))),
                promise: nil)
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            finish(context: context, keepAlive: keepAlive)
        case .stream(let status, var headers, let chunks):
            headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            context.writeAndFlush(
                wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))),
                promise: nil)
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let eventLoop = context.eventLoop
            let channel = context.channel
            let task = Task {
                for await chunk in chunks {
                    guard channel.isActive else { break }
                    eventLoop.execute {
                        let (this, context) = loopBound.value
                        var buffer = context.channel.allocator.buffer(capacity: chunk.count)
                        buffer.writeBytes(chunk)
                        context.writeAndFlush(this.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                    }
                }
                eventLoop.execute {
                    let (this, context) = loopBound.value
                    this.finish(context: context, keepAlive: keepAlive)
                }
            }
            // Why: a watcher that disconnects must free its stream (kube-apiserver stops the watch).
            channel.closeFuture.whenComplete { _ in task.cancel() }
        }
    }

    private func finish(context: ChannelHandlerContext, keepAlive: Bool) {
        let promise: EventLoopPromise<Void>? = keepAlive ? nil : context.eventLoop.makePromise()
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
        if let promise {
            let channel = context.channel
            promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
            context.read()
        }
    }
}
