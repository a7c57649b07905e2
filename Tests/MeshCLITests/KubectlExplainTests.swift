import Foundation
import Testing

/// `kubectl explain` reads the OpenAPI v3 schemas meshsim serves (generated from its models).
@Suite(
    "kubectl explain against meshsim", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
struct KubectlExplainTests {
    @Test func explainsEveryServedKindAndNestedFields() async throws {
        let meshsim = try Meshsim(profile: "explain")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0", "--no-istio"]).status == 0)
        for resource in [
            "pods", "deployments", "replicasets", "services", "endpoints", "nodes", "namespaces", "events",
            "gateways", "virtualservices", "destinationrules", "serviceentries",
        ] {
            let result = try await KubectlTests.kubectl(meshsim, ["explain", resource])
            #expect(result.status == 0, "\(resource): \(result.stderr)")
            #expect(result.stdout.contains("FIELDS:"), "\(resource): \(result.stdout)")
        }

        let strategy = try await KubectlTests.kubectl(meshsim, ["explain", "deployment.spec.strategy"])
        #expect(strategy.status == 0, "\(strategy.stderr)")
        let lines = strategy.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            Array(lines.prefix(5)) == [
                "GROUP:      apps", "KIND:       Deployment", "VERSION:    v1", "",
                "FIELD: strategy <DeploymentStrategy>",
            ])
        #expect(strategy.stdout.contains("    The deployment strategy to use to replace existing pods with new ones."))
        #expect(strategy.stdout.contains("  rollingUpdate\t<RollingUpdateDeployment>"))
        #expect(
            strategy.stdout.contains(
                "  type\t<string>\n  enum: Recreate, RollingUpdate\n    Type of deployment. Can be \"Recreate\" or \"RollingUpdate\"."
            ))

        let containers = try await KubectlTests.kubectl(meshsim, ["explain", "pods.spec.containers"])
        #expect(containers.stdout.hasPrefix("KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>"))
        #expect(containers.stdout.contains("  name\t<string> -required-"))
        #expect(containers.stdout.contains("  ports\t<[]ContainerPort>"))

        let route = try await KubectlTests.kubectl(meshsim, ["explain", "virtualservice.spec.http.route"])
        #expect(route.status == 0, "\(route.stderr)")
        #expect(route.stdout.hasPrefix("GROUP:      networking.istio.io\nKIND:       VirtualService\nVERSION:    v1"))
        #expect(route.stdout.contains("  destination\t<Object>"))
        #expect(route.stdout.contains("  weight\t<integer>"))
        let older = try await KubectlTests.kubectl(
            meshsim, ["explain", "destinationrules.spec.subsets", "--api-version", "networking.istio.io/v1beta1"])
        #expect(older.stdout.contains("VERSION:    v1beta1"), "\(older.stderr)")

        let recursive = try await KubectlTests.kubectl(meshsim, ["explain", "deployment.spec", "--recursive"])
        #expect(recursive.status == 0, "\(recursive.stderr)")
        #expect(recursive.stdout.contains("\n      maxSurge\t<string>\n"))
        #expect(recursive.stdout.contains("\n          containerPort\t<integer> -required-\n"))

        // The schemas change nothing for apply: kubectl still hands validation to the server, and
        // strategic merge patches still come from its compiled-in types.
        let fixtures = KubectlGoldenTests.fixtures
        let applied = try await KubectlTests.kubectl(meshsim, ["apply", "-f", "passthrough.yaml"], directory: fixtures)
        #expect(
            applied.stdout
                == "virtualservice.networking.istio.io/tcp-echo created\ndeployment.apps/passthrough created\n",
            "\(applied.stderr)")
        let again = try await KubectlTests.kubectl(meshsim, ["apply", "-f", "passthrough.yaml"], directory: fixtures)
        #expect(
            again.stdout
                == "virtualservice.networking.istio.io/tcp-echo unchanged\ndeployment.apps/passthrough unchanged\n",
            "\(again.stderr)")

        let unknown = try await KubectlTests.kubectl(meshsim, ["explain", "deployment.spec.bogus"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("field \"bogus\" does not exist"), "\(unknown.stderr)")
    }
}
