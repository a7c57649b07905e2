import Testing

@testable import MeshManifest

/// A scenario's `cluster` block: the DefaultTolerationSeconds settings.
@Suite(.timeLimit(.minutes(1))) struct ScenarioClusterTests {
    @Test func tolerationSecondsAreReadAndChecked() throws {
        let scenario = try ScenarioDecoder.decode(
            """
            name: n
            cluster: {nodes: 2, defaultUnreachableTolerationSeconds: 1}
            steps:
              - sleep: 1ms
            """, file: "n.yaml")
        #expect(scenario.nodes == 2)
        #expect(scenario.defaultUnreachableTolerationSeconds == 1)
        #expect(scenario.defaultNotReadyTolerationSeconds == nil)
        #expect(throws: ManifestError.self) {
            _ = try ScenarioDecoder.decode(
                "name: n\ncluster:\n  defaultNotReadyTolerationSeconds: -5\nsteps:\n  - sleep: 1ms\n", file: "n.yaml")
        }
        do {
            _ = try ScenarioDecoder.decode(
                "name: n\ncluster:\n  defaultNotReadyTolerationSeconds: -5\nsteps:\n  - sleep: 1ms\n", file: "n.yaml")
        } catch {
            #expect(error.line == 3)
            #expect(error.message.contains("defaultNotReadyTolerationSeconds must be a whole number of seconds"))
        }
    }
}
