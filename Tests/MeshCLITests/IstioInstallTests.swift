import Foundation
import Testing

/// `meshsim istio install|uninstall` and `meshsim node stop` against a real daemon.
@Suite("meshsim istio and node commands against a real daemon", .serialized, .timeLimit(.minutes(2)))
struct IstioInstallTests {
    @Test func installOnANoIstioClusterOpensTheGatewayAndReplacesProfiles() async throws {
        let meshsim = try Meshsim(profile: "istio")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--no-istio", "--http-port", "0", "--seed", "3"]).status == 0)
        #expect(meshsim.gatewayPort == nil)
        #expect(try await meshsim.run(["get", "pods", "-n", "istio-system"]).stdout.isEmpty)

        let bad = try await meshsim.run(["istio", "install", "--profile", "ambient"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("unknown --profile \"ambient\": use demo, minimal or legacy"))

        let install = try await meshsim.run(["istio", "install"])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        let port = try #require(meshsim.gatewayPort)
        #expect(
            install.stdout == """
                This installs the Istio 1.24.0 profile "demo" into the cluster.
                ✔ Istio core installed ⛵️
                ✔ Istiod installed 🧠
                ✔ Egress gateways installed 🛫
                ✔ Ingress gateways installed 🛬
                ✔ Installation complete
                  - Ingress gateway: http://127.0.0.1:\(port)

                """)
        let pods = try await meshsim.run(["get", "pods", "-n", "istio-system"]).stdout
        for prefix in ["istiod-", "istio-ingressgateway-", "istio-egressgateway-"] {
            #expect(pods.split(separator: "\n").contains { $0.hasPrefix(prefix) && $0.contains("Running") })
        }
        // Traffic flows through the gateway the install opened.
        #expect(try await meshsim.run(["apply", "-f", Meshsim.repositoryRoot + "/scenarios/seed-5050/"]).status == 0)
        for name in ["myapp-v1", "myapp-v2"] {
            #expect(try await meshsim.run(["rollout", "status", "deployment/\(name)"]).status == 0)
        }
        let traffic = try await meshsim.run(["traffic", "-n", "100"])
        #expect(traffic.stdout.contains("status codes: 200×100"), "\(traffic.stdout)\(traffic.stderr)")

        // Another profile replaces the first: minimal has no gateways, so the listener closes.
        let minimal = try await meshsim.run(["istio", "install", "--profile", "minimal"])
        #expect(minimal.status == 0, "\(minimal.stdout)\(minimal.stderr)")
        #expect(minimal.stdout.contains("  Removed Deployment:istio-system:istio-ingressgateway.\n"))
        #expect(!minimal.stdout.contains("Removed Deployment:istio-system:istiod."))
        #expect(minimal.stdout.hasSuffix("✔ Installation complete\n"))
        #expect(meshsim.gatewayPort == nil)
        let deployments = try await meshsim.run(["get", "deployments", "-n", "istio-system", "-o", "name"]).stdout
        #expect(deployments == "deployment.apps/istiod\n")

        let uninstall = try await meshsim.run(["istio", "uninstall"])
        #expect(
            uninstall.stdout
                == "  Removed Deployment:istio-system:istiod.\n  Removed Service:istio-system:istiod.\n✔ Uninstall complete\n"
        )
        #expect(try await meshsim.run(["get", "deployments", "-n", "istio-system", "-o", "name"]).stdout.isEmpty)
    }

    @Test func nodeStopSaysWhenPodsAreEvicted() async throws {
        let meshsim = try Meshsim(profile: "nodes")
        defer { meshsim.cleanUp() }
        let up = try await meshsim.run([
            "up", "--no-istio", "--nodes", "2", "--http-port", "0", "--default-unreachable-toleration-seconds", "120",
        ])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(
            try await meshsim.run(["apply", "-f", Meshsim.repositoryRoot + "/scenarios/canary/myapp.yaml"]).status == 0)
        #expect(try await meshsim.run(["rollout", "status", "deployment/web-v1"]).status == 0)
        let pod = try await meshsim.run(["get", "pods", "-o", "json"]).stdout
        #expect(pod.contains("\"tolerationSeconds\" : 120"))
        let stop = try await meshsim.run(["node", "stop", "meshsim-m02"])
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(
            stop.stdout.hasPrefix("✋  Stopping node \"meshsim-m02\" ...\n🛑  Successfully stopped node meshsim-m02\n"))
        #expect(stop.stdout.contains("    evicted in 120s (at "))
        let nodes = try await meshsim.run(["get", "nodes"]).stdout
        #expect(nodes.split(separator: "\n").contains { $0.hasPrefix("meshsim-m02") && $0.contains("NotReady") })
        #expect(
            try await meshsim.run(["node", "start", "meshsim-m02"]).stdout
                == "✅  Successfully started node meshsim-m02!\n")
    }
}
