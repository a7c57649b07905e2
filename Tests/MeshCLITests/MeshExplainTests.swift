import Foundation
import MeshTesting
import Testing

/// `meshsim explain` against a live cluster: the route table's answer, checked by a connection.
@Suite("meshsim explain on a live cluster", .serialized, .timeLimit(.minutes(2)))
struct MeshExplainTests {
    @Test("A URL without a host, or a header without a colon, is refused before anything is asked")
    func badInputIsRefused() async throws {
        let meshsim = try Meshsim(profile: "explain-bad")
        defer { meshsim.cleanUp() }
        let noHost = try await meshsim.run(["explain", "http://"])
        #expect(noHost.status == 64 && noHost.stderr.contains("\"http://\" names no host"), "\(noHost.stderr)")
        let badHeader = try await meshsim.run(["explain", "http://x/", "-H", "garbage"])
        #expect(badHeader.status == 64 && badHeader.stderr.contains("invalid -H \"garbage\""), "\(badHeader.stderr)")
    }

    @Test("An endpoint nothing listens on is named, with the 503 UF,URX that traffic then gets")
    func refusedEndpointIsExplained() async throws {
        let closed = try LoopbackSocket(listening: false)  // bound, never listening: connections are refused
        let meshsim = try Meshsim(profile: "explain-live")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0"]).status == 0)
        let manifests = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: legacy}
            spec:
              hosts: [legacy.local]
              ports: [{number: 80, name: http, protocol: HTTP}]
              resolution: STATIC
              endpoints: [{address: 127.0.0.1, ports: {http: \(closed.port)}}]
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: edge}
            spec:
              selector: {istio: ingressgateway}
              servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: legacy}
            spec:
              hosts: ["*"]
              gateways: [edge]
              http: [{route: [{destination: {host: legacy.local}}]}]
            """
        #expect(try await meshsim.run(["apply", "-f", "-"], stdin: manifests).status == 0)
        let explained = try await meshsim.run(["explain", "http://shop.test/a/../x"])
        #expect(explained.status == 0, "\(explained.stderr)")
        #expect(
            explained.stdout.contains(
                "   nothing accepts connections at 127.0.0.1 (127.0.0.1:\(closed.port)): outbound|80||legacy.local gets 503 UF,URX after the retries\n"
            ), "\(explained.stdout)")
        #expect(explained.stdout.contains("   path /a/../x is normalized to /x first (Envoy normalize_path)\n"))
        let traffic = try await meshsim.run(["traffic", "-n", "3"])
        #expect(traffic.stdout.contains("503×3"), "\(traffic.stdout)")
    }
}
