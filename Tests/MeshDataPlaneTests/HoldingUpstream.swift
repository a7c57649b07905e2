import Foundation
import MeshCore
import NIOCore
import NIOPosix

/// An upstream that holds every request until `release()`, announcing arrivals: lets tests
/// know a request is in flight without sleeping.
final class HoldingUpstream: Sendable {
    let port: Int
    let arrivals: AsyncStream<Void>
    private let channel: any Channel
    private let held: HeldChannels

    final class HeldChannels: Sendable {
        let channels = TestLockedBox([any Channel]())
        let continuation: AsyncStream<Void>.Continuation
        init(continuation: AsyncStream<Void>.Continuation) { self.continuation = continuation }
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let held: HeldChannels
        var seen: [UInt8] = []
        init(held: HeldChannels) { self.held = held }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            seen.append(contentsOf: unwrapInboundIn(data).readableBytesView)
            if String(decoding: seen, as: UTF8.self).contains("\r\n\r\n") {
                seen.removeAll()
                let channel = context.channel
                held.channels.withLockedValue { $0.append(channel) }
                held.continuation.yield()
            }
        }
    }

    private init(port: Int, arrivals: AsyncStream<Void>, channel: any Channel, held: HeldChannels) {
        self.port = port
        self.arrivals = arrivals
        self.channel = channel
        self.held = held
    }

    static func start() async throws -> HoldingUpstream {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let held = HeldChannels(continuation: continuation)
        let channel = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(held: held))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return HoldingUpstream(port: channel.localAddress!.port!, arrivals: stream, channel: channel, held: held)
    }

    /// Answers every held request with `200 held`.
    func release() {
        let channels = held.channels.withLockedValue { list in
            defer { list.removeAll() }
            return list
        }
        for channel in channels {
            channel.writeAndFlush(ByteBuffer(string: "HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nheld"), promise: nil)
        }
    }

    func stop() async {
        release()
        try? await channel.close()
    }
}

/// Minimal lock box for tests (NIOConcurrencyHelpers is not a declared dependency).
final class TestLockedBox<Value>: @unchecked Sendable {
    // @unchecked: every access goes through `withLockedValue` under `lock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLockedValue<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
