import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A keep-alive HTTP/1.1 client over one loopback connection: requests go one after another, as
/// `curl` in a loop would, but without a new process and connection each time.
public final class KeepAliveClient: Sendable {
    private let channel: any Channel
    private let handler: KeepAliveResponseHandler
    private let host: String

    /// One response.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
        /// The first value of a header.
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    private init(channel: any Channel, handler: KeepAliveResponseHandler, host: String) {
        self.channel = channel
        self.handler = handler
        self.host = host
    }

    /// Connects to 127.0.0.1:`port`.
    public static func connect(port: Int, host: String = "127.0.0.1") async throws -> KeepAliveClient {
        let handler = KeepAliveResponseHandler()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return KeepAliveClient(channel: channel, handler: handler, host: "\(host):\(port)")
    }

    /// The answer did not come in time.
    public struct TimedOut: Error, CustomStringConvertible {
        /// What was asked.
        public var description: String
    }

    /// Sends one request and waits for its response, at most `timeout`; a request that times out
    /// closes the connection (a later answer could not be told apart from the next one's).
    public func get(
        _ path: String, method: HTTPMethod = .GET, headers: [(String, String)] = [],
        timeout: TimeAmount = .seconds(60)
    ) async throws -> Response {
        let promise = channel.eventLoop.makePromise(of: Response.self)
        handler.enqueue(promise)
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(
                TimedOut(description: "no answer to \(method) \(path) in \(timeout.nanoseconds / 1_000_000_000) s"))
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: headers.first { $0.0.lowercased() == "host" }?.1 ?? host)
        head.headers.add(name: "User-Agent", value: "meshsim-traffic")
        for (name, value) in headers where name.lowercased() != "host" { head.headers.add(name: name, value: value) }
        guard channel.isActive else {
            promise.fail(ChannelError.ioOnClosedChannel)
            handler.drop(promise)
            return try await promise.futureResult.get()
        }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        let written = channel.eventLoop.makePromise(of: Void.self)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: written)
        written.futureResult.whenFailure { error in
            // A write on a connection the peer already closed: nothing will ever answer it.
            self.handler.drop(promise)
            promise.fail(error)
        }
        return try await promise.futureResult.get()
    }

    /// Closes the connection.
    public func close() async {
        try? await channel.close()
    }
}

/// Completes queued promises with responses, in order.
final class KeepAliveResponseHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPClientResponsePart

    private struct State {
        var waiting: [EventLoopPromise<KeepAliveClient.Response>] = []
        var current: KeepAliveClient.Response?
    }
    private let state = NIOLockedValueBox(State())

    func enqueue(_ promise: EventLoopPromise<KeepAliveClient.Response>) {
        state.withLockedValue { $0.waiting.append(promise) }
    }

    func drop(_ promise: EventLoopPromise<KeepAliveClient.Response>) {
        state.withLockedValue { state in state.waiting.removeAll { $0.futureResult === promise.futureResult } }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            state.withLockedValue {
                $0.current = KeepAliveClient.Response(
                    status: Int(head.status.code), headers: head.headers.map { ($0.name, $0.value) }, body: [])
            }
        case .body(let buffer):
            state.withLockedValue { $0.current?.body += Array(buffer.readableBytesView) }
        case .end:
            let (promise, response) = state.withLockedValue {
                state -> (EventLoopPromise<KeepAliveClient.Response>?, KeepAliveClient.Response?) in
                let response = state.current
                state.current = nil
                return (state.waiting.isEmpty ? nil : state.waiting.removeFirst(), response)
            }
            if let promise, let response { promise.succeed(response) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let waiting = state.withLockedValue { state in
            defer { state.waiting = [] }
            return state.waiting
        }
        for promise in waiting { promise.fail(ChannelError.ioOnClosedChannel) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let waiting = state.withLockedValue { state in
            defer { state.waiting = [] }
            return state.waiting
        }
        for promise in waiting { promise.fail(error) }
        context.close(promise: nil)
    }
}
