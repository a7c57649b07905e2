import MeshRouting
import NIOCore
import NIOPosix

/// `explain`'s check that something listens behind each endpoint it names: the route table
/// says where a request would go, only a connection says whether it would be accepted.
enum EndpointProbe {
    /// The loopback addresses (`host:port`) behind `trace`'s endpoints that refuse a TCP
    /// connection (or do not answer within 300 ms), each tried once and all at the same time.
    /// Nothing is tried when the route answers locally (a 100 % abort), for endpoints already
    /// known not to listen, or for addresses off this machine (a DNS ServiceEntry's host).
    static func refusing(_ trace: RouteTrace, group: any EventLoopGroup) async -> Set<String> {
        guard trace.localReply == nil else { return [] }
        var targets: [String: UpstreamEndpoint] = [:]
        for endpoint in trace.destinations.flatMap(\.endpoints)
        where endpoint.isListening && ["127.0.0.1", "localhost"].contains(endpoint.localHost) {
            targets[address(endpoint)] = endpoint
        }
        return await withTaskGroup(of: String?.self) { tasks in
            for (address, endpoint) in targets.sorted(by: { $0.key < $1.key }).prefix(64) {
                tasks.addTask {
                    await accepts(host: endpoint.localHost, port: endpoint.localPort, group: group) ? nil : address
                }
            }
            var found = Set<String>()
            for await address in tasks { if let address { found.insert(address) } }
            return found
        }
    }

    /// `localHost:localPort`, the address a probe tries.
    static func address(_ endpoint: UpstreamEndpoint) -> String { "\(endpoint.localHost):\(endpoint.localPort)" }

    /// Plain words for what the refusals mean to requests, one line per destination with any:
    /// a destination whose every endpoint refuses answers its share with 503 UF,URX after the
    /// retries (they stay in its cluster); one with some left retries there.
    static func notes(_ trace: RouteTrace, refusing: Set<String>) -> [String] {
        trace.destinations.compactMap { option in
            let refused = option.endpoints.filter { refusing.contains(address($0)) }
            guard !refused.isEmpty else { return nil }
            let names = refused.map { "\($0.podName.isEmpty ? $0.address : $0.podName) (\(address($0)))" }.sorted()
            let all = refused.count == option.endpoints.count
            return "   nothing accepts connections at " + names.joined(separator: ", ") + ": "
                + (all
                    ? "\(option.destination.clusterName) gets 503 UF,URX after the retries"
                    : "a request picked there is retried on another endpoint of \(option.destination.clusterName)")
        }
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
