import Foundation
import Testing

/// Replays every scenario in `scenarios/`, each on its own fresh cluster, as CI pipelines would.
@Suite("Scenario replay", .serialized, .timeLimit(.minutes(3)))
struct ScenarioTests {
    @Test func everyShippedScenarioPasses() async throws {
        let meshsim = try Meshsim(profile: "scenarios")
        defer { meshsim.cleanUp() }
        let junit = meshsim.state.path + "/report.xml"
        let result = try await meshsim.run(
            [
                "replay", Meshsim.repositoryRoot + "/scenarios", "--report", "junit", "--output", junit,
            ], withProfile: false)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: Meshsim.repositoryRoot + "/scenarios")
            .filter { $0.hasSuffix(".yaml") }
        let report = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(report.components(separatedBy: "<testsuite ").count - 1 == files.count)
        #expect(!report.contains("<failure"))
    }

    @Test func anInvalidScenarioFailsFastWithFileAndLine() async throws {
        let meshsim = try Meshsim(profile: "invalid")
        defer { meshsim.cleanUp() }
        let file = meshsim.state.path + "/broken.yaml"
        try """
        name: broken
        steps:
          - apply: {files: [x.yaml]}
          - teleport: {to: mars}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await meshsim.run(["replay", file], withProfile: false)
        #expect(result.status == 2)
        #expect(result.stderr.contains("broken.yaml:4"), "\(result.stderr)")
        #expect(result.stderr.contains("unknown step \"teleport\""))
    }

    @Test func aFailedExpectationExitsOne() async throws {
        let meshsim = try Meshsim(profile: "failing")
        defer { meshsim.cleanUp() }
        let file = meshsim.state.path + "/wrong.yaml"
        try """
        name: wrong-split
        cluster: {seed: 1}
        steps:
          - apply: {files: [\(Meshsim.repositoryRoot)/scenarios/seed-5050/01-myapp.yaml, \(Meshsim.repositoryRoot)/scenarios/seed-5050/02-traffic.yaml]}
          - wait: {rollout: [myapp-v1, myapp-v2]}
          - traffic: {count: 400, expect: {split: {v1: 90, v2: 10}}}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await meshsim.run(["replay", file], withProfile: false)
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL  wrong-split"))
        #expect(result.stdout.contains("FAIL: v1 share 90.0%"))
    }
}
