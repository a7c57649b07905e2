import MeshRouting
import NIOCore
import NIOPosix

/// `explain`'s check that something listens behind each endpoint it names: the route table
/// says where a request would go, only a connection says whether it would be accepted.
enum EndpointProbe {
    /// The loopback endpoints of `trace` that refuse a TCP connection (or do not answer within
    /// 300 ms), each address tried once and all at the same time, with how many were tried.
    /// Nothing is tried when the route answers locally (a 100 % abort), for endpoints already
    /// known not to listen, or for addresses off this machine (a DNS ServiceEntry's host).
    static func refusing(_ trace: RouteTrace, group: any EventLoopGroup) async -> (
        refusing: [UpstreamEndpoint], tried: Int
    ) {
        guard trace.localReply == nil else { return ([], 0) }
        var seen = Set<String>()
        let candidates = trace.destinations.flatMap(\.endpoints).filter { endpoint in
            endpoint.isListening && ["127.0.0.1", "localhost"].contains(endpoint.localHost)
                && seen.insert("\(endpoint.localHost):\(endpoint.localPort)").inserted
        }.prefix(64)
        let refusing = await withTaskGroup(of: UpstreamEndpoint?.self) { tasks in
            for endpoint in candidates {
                tasks.addTask {
                    await accepts(host: endpoint.localHost, port: endpoint.localPort, group: group) ? nil : endpoint
                }
            }
            var found: [UpstreamEndpoint] = []
            for await endpoint in tasks { if let endpoint { found.append(endpoint) } }
            return found
        }
        return (refusing, candidates.count)
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
