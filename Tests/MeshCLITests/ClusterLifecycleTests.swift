import Foundation
import MeshStore
import Subprocess
import SystemPackage
import Testing

@Suite("meshsim CLI against a real daemon", .serialized, .timeLimit(.minutes(2)))
struct ClusterLifecycleTests {
    @Test func upApplyGetAndRestartKeepEverything() async throws {
        let meshsim = try Meshsim(profile: "life")
        defer { meshsim.cleanUp() }
        let up = try await meshsim.run(["up", "--http-port", "0", "--seed", "7"])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("* Starting \"life\" control-plane node"))
        let again = try await meshsim.run(["up", "--http-port", "0"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("is already running"))
        #expect(try await meshsim.run(["status"]).stdout.contains("apiserver: Running"))

        let system = try await meshsim.run(["get", "pods", "-n", "istio-system"])
        let lines = system.stdout.split(separator: "\n")
        #expect(
            lines.first?.split(separator: " ", omittingEmptySubsequences: true) == [
                "NAME", "READY", "STATUS", "RESTARTS", "AGE",
            ])
        #expect(lines.dropFirst().contains { $0.hasPrefix("istiod-") && $0.contains("1/1") && $0.contains("Running") })

        let seed = Meshsim.repositoryRoot + "/scenarios/seed-5050/"
        let applied = try await meshsim.run(["apply", "-f", seed])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("deployment.apps/myapp-v1 created"))
        #expect(applied.stdout.contains("virtualservice.networking.istio.io/myapp created"))
        let reapplied = try await meshsim.run(["apply", "-f", seed])
        #expect(reapplied.stdout.contains("deployment.apps/myapp-v1 unchanged"))
        for name in ["myapp-v1", "myapp-v2"] {
            let rollout = try await meshsim.run(["rollout", "status", "deployment/\(name)"])
            #expect(rollout.stdout.contains("deployment \"\(name)\" successfully rolled out"))
        }
        let before = try await meshsim.run(["get", "pods", "-o", "json"])
        let split = try await meshsim.run(["traffic", "-n", "400", "--expect", "v1=50,v2=50"])
        #expect(split.status == 0, "\(split.stdout)\(split.stderr)")
        // The method reaches the app: the static server refuses POST with nginx's 405.
        let posted = try await meshsim.run(["traffic", "-n", "10", "-X", "POST"])
        #expect(posted.stdout.contains("405×10"), "\(posted.stdout)\(posted.stderr)")

        #expect(try await meshsim.run(["down"]).status == 0)
        #expect(try await meshsim.run(["status"]).status != 0)
        // The cluster keeps the shape of its first `up`, and says so for each flag given otherwise.
        let resumed = try await meshsim.run(["up", "--http-port", "0", "--cpus", "4", "--seed", "7"])
        #expect(resumed.status == 0)
        #expect(
            resumed.stderr
                == "! You cannot change the number of CPUs for an existing meshsim cluster (it stays 2). Please first delete the cluster.\n"
        )
        #expect(resumed.stdout.contains("* Restarting existing simulated cluster (Nodes=1, CPUs=2, Memory=4096MB)"))
        let after = try await meshsim.run(["get", "pods", "-o", "json"])
        #expect(Self.identities(before.stdout) == Self.identities(after.stdout))
        #expect(Self.identities(after.stdout).count == 2)
        let running = try await meshsim.run(["get", "pods"])
        #expect(running.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.contains("Running") })
        #expect(try await meshsim.run(["traffic", "-n", "200", "--expect", "v1=50,v2=50"]).status == 0)
        let deleted = try await meshsim.run(["delete"])
        #expect(deleted.stdout.contains("Removed all traces of the \"life\" cluster."))
    }

    /// name, uid and pod IP of every pod.
    static func identities(_ json: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let items = object["items"] as? [[String: Any]]
        else { return [] }
        return items.map { item in
            let metadata = item["metadata"] as? [String: Any] ?? [:]
            let status = item["status"] as? [String: Any] ?? [:]
            return "\(metadata["name"] ?? "")/\(metadata["uid"] ?? "")/\(status["podIP"] ?? "")"
        }.sorted()
    }

    @Test func badManifestsChangeNothingAndNameFileAndLine() async throws {
        let meshsim = try Meshsim(profile: "bad")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0", "--no-istio"]).status == 0)
        let seedMistake = """
            kind: Deployment
            metadata:
              name: myapp-v1
            spec:
              replicas: 1
              template:
                metadata:
                  labels:
                    app: myapp
                spec:
                  containers:
                  - name: myapp
                    image: janakiramm/myapp:v1

            apiVersion: extensions/v1beta1
            kind: Deployment
            metadata:
              name: myapp-v2
            """
        let result = try await meshsim.run(["apply", "-f", "-"], stdin: seedMistake)
        #expect(result.status != 0)
        #expect(result.stderr.contains("STDIN:16"), "\(result.stderr)")
        #expect(result.stderr.contains("duplicate key \"kind\""))
        let invalid = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ok
            spec:
              selector: {matchLabels: {app: a}}
              template:
                metadata: {labels: {app: a}}
                spec: {containers: [{name: a, image: nginx}]}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: broken
            spec:
              ports:
              - port: 70000
            """
        let rejected = try await meshsim.run(["apply", "-f", "-"], stdin: invalid)
        #expect(rejected.status != 0)
        #expect(rejected.stderr.contains("70000"), "\(rejected.stderr)")
        let listed = try await meshsim.run(["get", "deployments"])
        #expect(!listed.stdout.contains("ok"), "an apply is all-or-nothing")
    }

    /// minikube's `--wait-timeout`: a cluster that cannot get ready ends `up` with the reason,
    /// and its daemon does not stay behind.
    @Test func anUpThatCannotGetReadyFailsAfterTheWaitTimeoutAndStopsItsDaemon() async throws {
        let meshsim = try Meshsim(profile: "stuck")
        defer { meshsim.cleanUp() }
        // 64 MiB cannot hold istiod's and the gateways' memory requests: they stay Pending.
        let up = try await meshsim.run(["up", "--http-port", "0", "--memory", "64", "--wait-timeout", "5s"])
        #expect(up.status == 1)
        #expect(up.stderr.contains("Exiting due to GUEST_START: wait 5s for the cluster to be ready"), "\(up.stderr)")
        #expect(up.stderr.contains("istio-system/istiod-"), "\(up.stderr)")
        #expect(up.stderr.contains("Insufficient memory"), "\(up.stderr)")
        #expect(meshsim.daemonPID == nil, "daemon.json is gone with the daemon")
        let status = try await meshsim.run(["status"])
        #expect(status.stdout.contains("host: Stopped"), "\(status.stdout)")
    }

    @Test func killDashNineDuringALargeApplyLeavesAllOrNothing() async throws {
        let meshsim = try Meshsim(profile: "crash")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0", "--no-istio"]).status == 0)
        var manifest = ""
        for index in 0..<300 {
            manifest += """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: load-\(index)}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: load-\(index)}}
                  template:
                    metadata: {labels: {app: load-\(index)}}
                    spec: {containers: [{name: c, image: nginx}]}
                ---

                """
        }
        let file = meshsim.state.path + "/load.yaml"
        try manifest.write(toFile: file, atomically: true, encoding: .utf8)
        let pid = try #require(meshsim.daemonPID)
        // The daemon dies while `apply` is running (the body runs once the child has started).
        _ = try await Subprocess.run(
            .path(FilePath(Meshsim.binary)),
            arguments: ["apply", "-f", file, "-p", meshsim.profile, "--state-dir", meshsim.state.path],
            input: .none, output: .discarded, error: .discarded
        ) { _ in kill(pid, SIGKILL) }
        let database = try ClusterStore(path: meshsim.state.path + "/crash/meshsim.sqlite")
        #expect(try database.integrityCheck() == "ok")
        let count = try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM object WHERE kind = 'Deployment' AND namespace = 'default'")
                ?? -1
        }
        #expect(count == 0 || count == 300, "the apply must be wholly present or wholly absent, found \(count)")
        #expect(try await meshsim.run(["up", "--http-port", "0", "--no-istio"]).status == 0)
        if count == 300 {
            let rollout = try await meshsim.run(["rollout", "status", "deployment/load-299"])
            #expect(rollout.stdout.contains("successfully rolled out"))
        }
    }
}
