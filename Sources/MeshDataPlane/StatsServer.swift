import NIOCore
import NIOHTTP1

/// A proxy's stats listener (Envoy's `:15090`): `GET /stats/prometheus` answers the proxy's
/// metrics in Prometheus text format. One listener per proxy on its own 127.0.0.1 port,
/// like the real per-pod port (the daemon maps `<pod>:15090` onto `port`).
public final class StatsServer: Sendable {
    /// The bound local port.
    public var port: Int { listener.port }
    private let listener: Listener

    private init(listener: Listener) { self.listener = listener }

    /// Serves `metrics` on 127.0.0.1:`port` (0 = any free port).
    public static func start(metrics: ProxyMetrics, port: Int = 0, group: any EventLoopGroup) async throws
        -> StatsServer
    {
        let listener = try await Listener.bind(group: group, port: port) { channel in
            try HTTPServerPipeline.configure(
                channel, limits: .default, serverHeader: "envoy", handler: StatsHandler(metrics: metrics))
        }
        return StatsServer(listener: listener)
    }

    /// Stops listening and closes connections.
    public func stop() async { await listener.close() }
}

final class StatsHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: ProxyMetrics
    private var head: HTTPRequestHead?

    init(metrics: ProxyMetrics) { self.metrics = metrics }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
            let (status, text, type): (HTTPResponseStatus, String, String) =
                path == "/stats/prometheus" || path == "/metrics"
                ? (.ok, metrics.prometheusText(), "text/plain; version=0.0.4")
                : (.notFound, "", "text/plain")
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: type)
            headers.add(name: "content-length", value: String(text.utf8.count))
            headers.add(name: "date", value: WallClock.httpDate())
            headers.add(name: "server", value: "envoy")
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                promise: nil)
            if head.method != .HEAD && !text.isEmpty {
                context.write(
                    wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
