import Foundation
import Testing

/// `replay` with paced traffic and `kubectl wait`-style waits, each on a fresh cluster.
@Suite("Replay: rate, duration and condition waits", .serialized, .timeLimit(.minutes(2)))
struct ReplayStepTests {
    static let seed = Meshsim.repositoryRoot + "/scenarios/seed-5050"

    /// Writes a scenario applying the seed manifests, then `steps`.
    static func scenario(_ meshsim: Meshsim, _ name: String, steps: String) throws -> String {
        let file = meshsim.state.path + "/\(name).yaml"
        try """
        name: \(name)
        cluster: {seed: 5}
        steps:
          - apply: {files: [\(seed)/01-myapp.yaml, \(seed)/02-traffic.yaml]}
        \(steps)
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The steps of a JSON report.
    static func steps(_ json: String) throws -> [[String: Any]] {
        let reports = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        return reports?.first?["steps"] as? [[String: Any]] ?? []
    }

    static func details(_ step: [String: Any]) -> [String] { step["details"] as? [String] ?? [] }

    @Test func pacedAndTimedTrafficStopsByItselfAndReportsTheAchievedRate() async throws {
        let meshsim = try Meshsim(profile: "paced")
        defer { meshsim.cleanUp() }
        let file = try Self.scenario(
            meshsim, "paced",
            steps: """
                  - wait: {for: condition=Available, kind: deployment, name: myapp-v1, timeout: 20s}
                  - wait: {for: "jsonpath={.status.readyReplicas}=1", kind: deployment, name: myapp-v2}
                  - traffic: {duration: 500ms, rate: 100, concurrency: 2, expect: {maxErrors: 0}}
                  - traffic: {count: 1000000, duration: 200ms, expect: {maxErrors: 0}}
                  - traffic: {count: 20, duration: 10m, expect: {status: {"200": 20}}}
                """)
        let output = meshsim.state.path + "/report.json"
        let result = try await meshsim.run(
            ["replay", file, "--report", "json", "--output", output], withProfile: false)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let steps = try Self.steps(try String(contentsOfFile: output, encoding: .utf8))
        #expect(steps.count == 6)
        guard steps.count == 6 else { return }
        #expect(Self.details(steps[1]).first?.hasPrefix("deployment/myapp-v1 condition=Available=True: ") == true)
        #expect(
            Self.details(steps[2]).first?.hasPrefix("deployment/myapp-v2 jsonpath={.status.readyReplicas}=1: 1") == true
        )
        // 500 ms at 100 requests per second is a schedule of 50 requests (TrafficPacingTests); the
        // duration is a hard stop, so a run that falls behind on a loaded machine sends fewer, never more.
        let paced = Self.details(steps[3]).first ?? ""
        let pacedCount = Int(paced.split(separator: " ").dropFirst().first ?? "") ?? 0
        #expect((1...50).contains(pacedCount) && paced.hasPrefix("Sent \(pacedCount) requests in "), "\(paced)")
        #expect(paced.contains("req/s achieved (target 100/s), 2 connections"), "\(paced)")
        // The duration ends a step whose count is far out of reach.
        let timed = Self.details(steps[4]).first ?? ""
        let sent = Int(timed.split(separator: " ").dropFirst().first ?? "") ?? 0
        #expect(sent > 0 && sent < 1_000_000, "\(timed)")
        // The count ends a step whose duration is far out of reach.
        #expect(Self.details(steps[5]).first?.hasPrefix("Sent 20 requests in ") == true)
        #expect(result.stdout.contains("step 4/6: traffic for 500ms at 100/s × GET /"))
    }

    @Test func aConditionWaitThatTimesOutNamesTheObjectAndTheLastValue() async throws {
        let meshsim = try Meshsim(profile: "timeout")
        defer { meshsim.cleanUp() }
        let file = try Self.scenario(
            meshsim, "too-many",
            steps: """
                  - wait: {rollout: [myapp-v1]}
                  - wait: {for: "jsonpath={.status.readyReplicas}=5", kind: deployment, name: myapp-v1, timeout: 200ms}
                  - traffic: {count: 10}
                """)
        let result = try await meshsim.run(["replay", file], withProfile: false)
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "error: timed out after 0.2s waiting for deployment/myapp-v1 in namespace default to meet jsonpath={.status.readyReplicas}=5; last observed: 1"
            ), "\(result.stdout)")
        // The failed wait stops the scenario: the traffic step never runs.
        #expect(!result.stdout.contains("step 4/4"))
    }

    @Test func aDeletionWaitEndsWhenTheObjectIsGone() async throws {
        let meshsim = try Meshsim(profile: "gone")
        defer { meshsim.cleanUp() }
        let file = try Self.scenario(
            meshsim, "gone",
            steps: """
                  - wait: {for: condition=Available, kind: deploy, name: myapp-v2, timeout: 20s}
                  - delete: {kind: deployment, name: myapp-v2}
                  - wait: {for: delete, kind: deployment, name: myapp-v2, timeout: 20s}
                  - wait: {for: condition=Available=False, kind: deployment, name: myapp-v2, timeout: 100ms}
                """)
        let result = try await meshsim.run(["replay", file], withProfile: false)
        #expect(result.status == 1)
        #expect(result.stdout.contains("deployment/myapp-v2 delete: deleted after"), "\(result.stdout)")
        #expect(result.stdout.contains("to meet condition=Available=False; last observed: object not found"))
    }

    /// Bad values stop the replay with the file and line before any cluster starts.
    @Test(
        arguments: [
            ("  - traffic: {count: 10, rate: -5}", "rate must be a number of requests per second above 0"),
            ("  - traffic: {duration: 1}", "invalid duration 1: a unit is required"),
            ("  - wait: {for: ready, kind: pod, name: web}", "unknown wait form \"ready\""),
        ])
    func invalidValuesExitTwoBeforeAnythingRuns(step: String, message: String) async throws {
        let meshsim = try Meshsim(profile: "invalid")
        defer { meshsim.cleanUp() }
        let file = try Self.scenario(meshsim, "bad", steps: "  - wait: {rollout: [myapp-v1]}\n" + step)
        let result = try await meshsim.run(["replay", file], withProfile: false)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:6: "), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stdout.contains("▶"), "nothing runs: \(result.stdout)")
    }
}
