import Foundation
import MeshDataPlane
import MeshRouting
import Testing

@Suite(.timeLimit(.minutes(1))) struct LoadBalancingTests {
    private func pods() async throws -> [PodServer] {
        var servers: [PodServer] = []
        for index in 0..<3 { servers.append(try await startPod("pod-\(index)", version: "v\(index)")) }
        return servers
    }

    private func instance(_ body: String) -> String {
        body.components(separatedBy: "instance: ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    @Test func consistentHashKeepsKeysOnOneEndpoint() async throws {
        let servers = try await pods()
        let endpoints = servers.enumerated().map { endpoint($1, version: "v\($0)", ip: "10.244.0.\($0 + 10)") }
        let gateway = try await startGateway(
            FakeRouter { request, _ in
                let policy: LoadBalancerPolicy
                switch request.path.split(separator: "?").first ?? "" {
                case "/cookie": policy = .consistentHashCookie("user")
                case "/query": policy = .consistentHashQueryParameter("id")
                case "/source": policy = .consistentHashSourceIP
                default: policy = .consistentHashHeader("x-user")
                }
                return forward(cluster(endpoints, lb: policy))
            })
        let client = try await TestConnection.open(port: gateway.ports[0])
        var byUser: [String: Set<String>] = [:]
        for round in 0..<5 {
            for user in ["alice", "bob", "carol", "dave", "erin", "frank"] {
                let header = try await client.request("/", headers: [("x-user", user)])
                let cookie = try await client.request("/cookie", headers: [("cookie", "a=1; user=\(user)")])
                let query = try await client.request("/query?id=\(user)&round=\(round)")
                byUser["h-" + user, default: []].insert(instance(header.body))
                byUser["c-" + user, default: []].insert(instance(cookie.body))
                byUser["q-" + user, default: []].insert(instance(query.body))
            }
            byUser["source", default: []].insert(instance(try await client.request("/source").body))
        }
        #expect(byUser.values.allSatisfy { $0.count == 1 })
        // Different keys spread over more than one endpoint.
        #expect(Set(byUser.values.compactMap(\.first)).count > 1)
        await client.close()
        await gateway.stop()
        for server in servers { await server.stop() }
    }

    @Test(arguments: [LoadBalancerPolicy.roundRobin, .leastRequest, .random])
    func everyPolicyReachesAllEndpoints(_ policy: LoadBalancerPolicy) async throws {
        let servers = try await pods()
        let endpoints = servers.enumerated().map { endpoint($1, version: "v\($0)", ip: "10.244.0.\($0 + 10)") }
        let gateway = try await startGateway(FakeRouter { _, _ in forward(cluster(endpoints, lb: policy)) })
        let client = try await TestConnection.open(port: gateway.ports[0])
        var counts: [String: Int] = [:]
        for _ in 0..<300 { counts[instance(try await client.request("/").body), default: 0] += 1 }
        #expect(counts.count == 3)
        if policy == .roundRobin { #expect(counts.values.allSatisfy { $0 == 100 }) }
        // Binomial(300, 1/3) at 99.9 %: [74, 127].
        #expect(counts.values.allSatisfy { (74...127).contains($0) })
        await client.close()
        await gateway.stop()
        for server in servers { await server.stop() }
    }
}
