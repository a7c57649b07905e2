import NIOCore
import NIOPosix

/// A bound 127.0.0.1 listener that remembers its accepted connections so `close()` can end
/// them too (a stopped pod must not keep answering on old keep-alive connections).
final class Listener: Sendable {
    let channel: any Channel
    let port: Int
    private let children: LockedBox<[ObjectIdentifier: any Channel]>

    private init(channel: any Channel, children: LockedBox<[ObjectIdentifier: any Channel]>) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.children = children
    }

    /// Binds `127.0.0.1:port` (0 = any free port) and runs `initialize` for each connection.
    static func bind(
        group: any EventLoopGroup, port: Int,
        initialize: @escaping @Sendable (any Channel) throws -> Void
    ) async throws -> Listener {
        let children = LockedBox([ObjectIdentifier: any Channel]())
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { child in
                let key = ObjectIdentifier(child)
                children.withLockedValue { $0[key] = child }
                child.closeFuture.whenComplete { _ in children.withLockedValue { _ = $0.removeValue(forKey: key) } }
                do {
                    try initialize(child)
                    return child.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return child.eventLoop.makeFailedFuture(error)
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        return Listener(channel: channel, children: children)
    }

    /// Stops accepting and closes every open connection.
    func close() async {
        try? await channel.close()
        let open = children.withLockedValue { Array($0.values) }
        for child in open { try? await child.close() }
    }
}

/// Spreads connections over metric shards.
final class ShardCounter: Sendable {
    private let next = LockedBox(0)
    func take() -> Int {
        next.withLockedValue { value in
            defer { value &+= 1 }; return value
        }
    }
}
