import Foundation
import Testing

/// `replay --profile NAME` replays on a running cluster; without it every scenario gets a fresh one.
@Suite("Replay on a running cluster", .serialized, .timeLimit(.minutes(2)))
struct ReplayProfileTests {
    static let seed = Meshsim.repositoryRoot + "/scenarios/seed-5050"

    static func write(_ meshsim: Meshsim, _ name: String, _ text: String) throws -> String {
        let file = meshsim.state.path + "/\(name).yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func profileReplaysOnTheRunningClusterAndTheDefaultStaysIsolated() async throws {
        let meshsim = try Meshsim(profile: "live")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0", "--seed", "3"]).status == 0)
        let pid = meshsim.daemonPID
        let shared = try Self.write(
            meshsim, "shared",
            """
            name: shared
            steps:
              - apply: {files: [\(Self.seed)/01-myapp.yaml, \(Self.seed)/02-traffic.yaml]}
              - wait: {for: condition=Available, kind: deployment, name: myapp-v1, timeout: 20s}
              - wait: {rollout: [myapp-v2]}
              - traffic: {count: 400, expect: {split: {v1: 50, v2: 50}}}
            """)
        // `run` adds `-p live`: the scenario runs on the live cluster.
        let onLive = try await meshsim.run(["replay", shared])
        #expect(onLive.status == 0, "\(onLive.stdout)\(onLive.stderr)")
        #expect(onLive.stdout.contains("replaying on the running \"live\" cluster"))
        #expect(try await meshsim.run(["get", "deployments"]).stdout.contains("myapp-v1"))
        #expect(meshsim.daemonPID == pid)

        let isolated = try Self.write(
            meshsim, "isolated",
            """
            name: isolated
            steps:
              - apply:
                  manifests: |
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: elsewhere}
                    spec:
                      selector: {matchLabels: {app: elsewhere}}
                      template:
                        metadata: {labels: {app: elsewhere}}
                        spec: {containers: [{name: app, image: example/app:v1}]}
              - wait: {rollout: [elsewhere]}
            """)
        // Without `-p`: a fresh cluster, which the live one never sees.
        let fresh = try await meshsim.run(["replay", isolated], withProfile: false)
        #expect(fresh.status == 0, "\(fresh.stdout)\(fresh.stderr)")
        #expect(!fresh.stdout.contains("replaying on the running"))
        #expect(!(try await meshsim.run(["get", "deployments"]).stdout.contains("elsewhere")))
        #expect(meshsim.daemonPID == pid)

        // A restart step would kill the shared daemon: refused before anything runs.
        let restart = try Self.write(
            meshsim, "restart", "name: restart\nsteps:\n  - sleep: 1ms\n  - restart: {}\n")
        let refused = try await meshsim.run(["replay", restart])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("restart.yaml:4: a restart step kills the daemon"), "\(refused.stderr)")
        #expect(meshsim.daemonPID == pid)

        // The traffic command paces the same way.
        let paced = try await meshsim.run(["traffic", "--duration", "300ms", "--rate", "100", "--concurrency", "2"])
        #expect(paced.status == 0, "\(paced.stderr)")
        #expect(paced.stdout.hasPrefix("Sent 30 requests in "), "\(paced.stdout)")
        #expect(paced.stdout.contains("req/s achieved (target 100/s), 2 connections"))
        let unitless = try await meshsim.run(["traffic", "--duration", "1"])
        #expect(unitless.status != 0)
        #expect(unitless.stderr.contains("invalid --duration \"1\""), "\(unitless.stderr)")
        #expect(try await meshsim.run(["traffic", "--rate", "-1"]).status != 0)
    }

    @Test func aProfileThatIsNotRunningFailsBeforeAnythingRuns() async throws {
        let meshsim = try Meshsim(profile: "ghost")
        defer { meshsim.cleanUp() }
        let file = try Self.write(meshsim, "any", "name: any\nsteps:\n  - sleep: 1ms\n")
        let result = try await meshsim.run(["replay", file])
        #expect(result.status != 0)
        #expect(result.stderr.contains("the \"ghost\" cluster is not running"), "\(result.stderr)")
        #expect(!result.stdout.contains("▶"))
        // The older `--use-profile` flag still works: it means the default profile.
        let alias = try await meshsim.run(["replay", file, "--use-profile"], withProfile: false)
        #expect(alias.status != 0)
        #expect(alias.stderr.contains("the \"meshsim\" cluster is not running"), "\(alias.stderr)")
    }
}
