import NIOCore
import NIOPosix

/// A simulated pod's HTTP server: a tiny nginx-style HTTP/1.1 server on 127.0.0.1 serving
/// the pod's content, with the inbound sidecar in front when the pod is injected.
///
/// ```swift
/// let server = try await PodServer.start(
///     PodServerConfiguration(podName: "myapp-v1-7d9c-abcde",
///                            content: .forImage("janakiramm/myapp:v1", podName: "myapp-v1-7d9c-abcde")),
///     group: MultiThreadedEventLoopGroup.singleton)
/// print(server.port)                   // the real local port
/// server.logs(container: "app")?.lines()
/// try await server.stop()
/// ```
public final class PodServer: Sendable {
    /// The configuration the server was started with.
    public let configuration: PodServerConfiguration
    /// The bound local port on 127.0.0.1.
    public var port: Int { listener.port }
    /// The app container's log (nginx access lines).
    public var appLog: LogBuffer { core.appLog }
    /// The sidecar, when the pod is injected.
    public var sidecar: SidecarProxy? { core.sidecar }

    private let core: PodServerCore
    private let listener: Listener

    private init(configuration: PodServerConfiguration, core: PodServerCore, listener: Listener) {
        self.configuration = configuration
        self.core = core
        self.listener = listener
    }

    /// Binds 127.0.0.1:`configuration.port` on `group` and starts serving.
    public static func start(_ configuration: PodServerConfiguration, group: any EventLoopGroup) async throws
        -> PodServer
    {
        let core = PodServerCore(configuration: configuration)
        let shards = ShardCounter()
        let server = core.sidecar != nil ? "istio-envoy" : NginxPages.serverHeader
        let listener = try await Listener.bind(group: group, port: configuration.port) { channel in
            let shard = shards.take()
            try HTTPServerPipeline.configure(
                channel, limits: configuration.limits, serverHeader: server,
                handler: PodRequestHandler(core: core, shard: shard),
                onRefusal: core.sidecar.map { sidecar in
                    { rejection, remote in sidecar.refuse(rejection, remote: remote, shard: shard) }
                })
        }
        return PodServer(configuration: configuration, core: core, listener: listener)
    }

    /// A container's log: the app container's name (`configuration.containerName`) or
    /// `istio-proxy` for the sidecar; nil for an unknown container.
    public func logs(container: String) -> LogBuffer? {
        if container == configuration.containerName { return core.appLog }
        if container == "istio-proxy" { return core.sidecar?.log }
        return nil
    }

    /// Changes latency / error injection for subsequent requests.
    public func setMisbehaviour(_ misbehaviour: Misbehaviour) {
        core.knobs.withLockedValue { $0.misbehaviour = misbehaviour }
    }

    /// The current misbehaviour knobs.
    public var misbehaviour: Misbehaviour { core.knobs.withLockedValue { $0.misbehaviour } }

    /// Stops listening, closes open connections and ends log followers.
    public func stop() async {
        await listener.close()
        core.appLog.finishFollowers()
        core.sidecar?.log.finishFollowers()
    }
}
