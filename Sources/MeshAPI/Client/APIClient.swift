import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The CLI's side of the daemon API: one HTTP/1.1 exchange per call over loopback.
public struct APIClient: Sendable {
    /// The daemon's API port on 127.0.0.1.
    public var port: Int

    /// Creates a client for the daemon on `port`.
    public init(port: Int) { self.port = port }

    /// A whole reply.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// The daemon did not answer in time.
    public struct TimedOut: Error, CustomStringConvertible {
        /// What was asked, and of which port.
        public var description: String
    }

    /// Sends one request and waits for the whole reply, at most `timeout` (longer than any wait
    /// the daemon does itself, such as `istio install`'s 60 s rollout).
    public func send(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json",
        timeout: Duration = .seconds(120)
    )
        async throws -> Reply
    {
        let parts = stream(method, path, body: body, contentType: contentType)
        let port = self.port
        return try await withThrowingTaskGroup(of: Reply.self) { group in
            group.addTask {
                var status = 0
                var headers: [(String, String)] = []
                var bytes: [UInt8] = []
                for try await part in parts {
                    switch part {
                    case .head(let code, let fields):
                        status = code
                        headers = fields
                    case .chunk(let chunk): bytes += chunk
                    }
                }
                return Reply(status: status, headers: headers, body: bytes)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw TimedOut(
                    description:
                        "the meshsim daemon on 127.0.0.1:\(port) did not answer \(method) \(path) in \(timeout)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// One piece of a streamed reply.
    public enum Part: Sendable {
        case head(status: Int, headers: [(String, String)])
        case chunk([UInt8])
    }

    /// Sends one request and streams the reply as it arrives (watches, `logs -f`).
    public func stream(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json"
    )
        -> AsyncThrowingStream<Part, any Error>
    {
        let (stream, continuation) = AsyncThrowingStream<Part, any Error>.makeStream()
        let port = self.port
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ClientResponseHandler(continuation: continuation))
                }
            }
        let connect = bootstrap.connect(host: "127.0.0.1", port: port)
        connect.whenFailure { continuation.finish(throwing: $0) }
        connect.whenSuccess { channel in
            var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
            head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
            head.headers.add(name: "User-Agent", value: "meshsim")
            head.headers.add(name: "Connection", value: "close")
            if let body {
                head.headers.add(name: "Content-Type", value: contentType)
                head.headers.add(name: "Content-Length", value: String(body.count))
            }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let body {
                var buffer = channel.allocator.buffer(capacity: body.count)
                buffer.writeBytes(body)
                channel.write(HTTPClientRequestPart.body(.byteBuffer(buffer)), promise: nil)
            }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            continuation.onTermination = { _ in channel.close(promise: nil) }
        }
        return stream
    }
}

/// Forwards response parts into the stream.
final class ClientResponseHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPClientResponsePart
    private let continuation: AsyncThrowingStream<APIClient.Part, any Error>.Continuation

    init(continuation: AsyncThrowingStream<APIClient.Part, any Error>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            continuation.yield(.head(status: Int(head.status.code), headers: head.headers.map { ($0.name, $0.value) }))
        case .body(let buffer):
            continuation.yield(.chunk(Array(buffer.readableBytesView)))
        case .end:
            continuation.finish()
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish(throwing: error)
        context.close(promise: nil)
    }
}
