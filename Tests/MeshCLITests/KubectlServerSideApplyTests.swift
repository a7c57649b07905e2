import Foundation
import Testing

/// `kubectl apply --server-side` against meshsim: managedFields, conflicts, `--force-conflicts`,
/// and fields dropped from a manager's config.
@Suite(
    "kubectl server-side apply against meshsim", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
struct KubectlServerSideApplyTests {
    static func manifest(replicas: Int, label: Bool = true, port: Bool = true) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        \(label ? "  labels: {tier: front}\n" : "")spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx:1.25
        \(port ? "        ports: [{containerPort: 80}]\n" : "")
        """
    }

    @Test func managedFieldsConflictsAndForce() async throws {
        let meshsim = try Meshsim(profile: "ssa")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0", "--no-istio"]).status == 0)
        let file = meshsim.state.path + "/web.yaml"
        func kubectl(_ arguments: [String]) async throws -> Meshsim.Result {
            try await KubectlTests.kubectl(meshsim, arguments)
        }
        func write(_ text: String) throws { try text.write(toFile: file, atomically: true, encoding: .utf8) }
        func managers() async throws -> String {
            try await kubectl([
                "get", "deployment", "web", "-o",
                "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation} {end}",
            ]).stdout
        }

        try write(Self.manifest(replicas: 1))
        let created = try await kubectl(["apply", "-f", file])
        #expect(created.stdout == "deployment.apps/web created\n", "\(created.stderr)")
        #expect(try await managers() == "kubectl-client-side-apply/Update ")
        let owned = try await kubectl([
            "get", "deployment", "web", "-o", "jsonpath={.metadata.managedFields[0].fieldsV1.f:spec.f:replicas}",
            "--show-managed-fields",
        ])
        #expect(owned.stdout == "{}", "\(owned.stderr)")

        try write(Self.manifest(replicas: 3))
        let conflict = try await kubectl(["apply", "--server-side", "-f", file])
        #expect(conflict.status != 0)
        #expect(
            conflict.stderr.hasPrefix(
                "error: Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas\n"
                    + "Please review the fields above--they currently have other managers."), "\(conflict.stderr)")
        let forced = try await kubectl(["apply", "--server-side", "--force-conflicts", "-f", file])
        #expect(forced.stdout == "deployment.apps/web serverside-applied\n", "\(forced.stderr)")
        // kubectl's follow-up `kubectl-last-applied` apply (metadata only) must be accepted.
        #expect(!forced.stderr.contains("failed to migrate"), "\(forced.stderr)")
        let replicas = try await kubectl(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"])
        #expect(replicas.stdout == "3")
        #expect(try await managers().contains("kubectl/Apply"))

        // A field dropped from the applier's config is deleted when nobody else owns it.
        try write(Self.manifest(replicas: 3, label: false, port: false))
        let dropped = try await kubectl(["apply", "--server-side", "-f", file])
        #expect(dropped.status == 0, "\(dropped.stderr)")
        let after = try await kubectl([
            "get", "deployment", "web", "-o",
            "jsonpath={.metadata.labels.tier}|{.spec.template.spec.containers[0].ports}|{.spec.template.spec.containers[0].image}",
        ])
        #expect(after.stdout == "||nginx:1.25", "\(after.stderr)")

        // `kubectl scale` is an Update through /scale; a later apply of another count conflicts with it.
        #expect(try await kubectl(["scale", "deployment", "web", "--replicas", "5"]).status == 0)
        let scaledConflict = try await kubectl(["apply", "--server-side", "-f", file])
        #expect(
            scaledConflict.stderr.hasPrefix(
                "error: Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas"
            ), "\(scaledConflict.stderr)")

        let yaml = try await kubectl(["get", "deployment", "web", "-o", "yaml"])
        #expect(!yaml.stdout.contains("managedFields"))
        let shown = try await kubectl(["get", "deployment", "web", "-o", "yaml", "--show-managed-fields"])
        #expect(shown.stdout.contains("  managedFields:\n  - apiVersion: apps/v1\n    fieldsType: FieldsV1\n"))
        #expect(shown.stdout.contains("    manager: kubectl\n    operation: Apply\n"))
    }
}
