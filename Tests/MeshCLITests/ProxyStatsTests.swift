import Foundation
import Testing

@Suite("Per-proxy /stats/prometheus listeners", .serialized, .timeLimit(.minutes(2)))
struct ProxyStatsTests {
    @Test func everyProxyServesItsOwnIstioMetrics() async throws {
        let meshsim = try Meshsim(profile: "stats")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0", "--seed", "3"]).status == 0)
        #expect(try await meshsim.run(["label", "namespace", "default", "istio-injection=enabled"]).status == 0)
        let applied = try await meshsim.run(["apply", "-f", Meshsim.repositoryRoot + "/scenarios/seed-5050/"])
        #expect(applied.status == 0, "\(applied.stderr)")
        for name in ["myapp-v1", "myapp-v2"] {
            #expect(try await meshsim.run(["rollout", "status", "deployment/\(name)"]).status == 0)
        }
        let traffic = try await meshsim.run(["traffic", "-n", "40"])
        #expect(traffic.status == 0, "\(traffic.stdout)\(traffic.stderr)")

        // Each injected app pod: its sidecar counts what reached it, as reporter="destination".
        let apps = Self.statsAddresses(try await meshsim.run(["get", "pods", "-o", "json"]).stdout)
        #expect(apps.count == 2)
        var inbound = 0
        for (pod, address) in apps {
            let text = try await Self.curl("http://\(address)/stats/prometheus")
            #expect(text.contains("# TYPE istio_requests_total counter"), "\(pod)")
            #expect(text.contains("reporter=\"destination\""), "\(pod)")
            #expect(text.contains("destination_service=\"myapp.default.svc.cluster.local\""), "\(pod)")
            inbound += Self.requestCount(text)
        }
        #expect(inbound == 40)

        // The ingress gateway pod: one listener for the gateway's own metrics, reporter="source".
        let gateway = Self.statsAddresses(
            try await meshsim.run(["get", "pods", "-n", "istio-system", "-o", "json"]).stdout
        )
        .filter { $0.key.hasPrefix("istio-ingressgateway-") }
        #expect(gateway.count == 1)
        if let address = gateway.values.first {
            let text = try await Self.curl("http://\(address)/stats/prometheus")
            #expect(text.contains("reporter=\"source\""))
            #expect(Self.requestCount(text) == 40)
            #expect(try await Self.curl("http://\(address)/nothing-here", status: true) == "404")
        }
    }

    /// Pod name → `meshsim.io/stats-address` for every pod that has one.
    static func statsAddresses(_ json: String) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let items = object["items"] as? [[String: Any]]
        else { return [:] }
        var result: [String: String] = [:]
        for item in items {
            let metadata = item["metadata"] as? [String: Any] ?? [:]
            let annotations = metadata["annotations"] as? [String: String] ?? [:]
            if let name = metadata["name"] as? String, let address = annotations["meshsim.io/stats-address"] {
                result[name] = address
            }
        }
        return result
    }

    /// The sum of every `istio_requests_total` sample.
    static func requestCount(_ text: String) -> Int {
        text.split(separator: "\n").filter { $0.hasPrefix("istio_requests_total{") }
            .compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
    }

    /// GETs a loopback URL with the real curl (its body, or its status code).
    static func curl(_ url: String, status: Bool = false) async throws -> String {
        let arguments = ["-s", "--max-time", "10"] + (status ? ["-o", "/dev/null", "-w", "%{http_code}"] : []) + [url]
        return try await ChildProcess.run("/usr/bin/curl", arguments).stdout
    }
}
