import MeshRouting
import NIOCore
import NIOPosix

/// `explain`'s check that something listens behind each endpoint it names: the route table
/// says where a request would go, only a connection says whether it would be accepted.
enum EndpointProbe {
    /// The endpoints of `trace` that refuse a TCP connection (or do not answer within 300 ms),
    /// each tried once; endpoints already known not to listen are not tried.
    static func refusing(_ trace: RouteTrace, group: any EventLoopGroup) async -> [UpstreamEndpoint] {
        var seen = Set<String>()
        var refusing: [UpstreamEndpoint] = []
        let candidates = trace.destinations.flatMap(\.endpoints).filter(\.isListening)
        for endpoint in candidates.prefix(32) where seen.insert("\(endpoint.localHost):\(endpoint.localPort)").inserted
        {
            if await !accepts(host: endpoint.localHost, port: endpoint.localPort, group: group) {
                refusing.append(endpoint)
            }
        }
        return refusing
    }

    private static func accepts(host: String, port: Int, group: any EventLoopGroup) async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: group).connectTimeout(.milliseconds(300))
                .connect(host: host, port: port).get()
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }
}
