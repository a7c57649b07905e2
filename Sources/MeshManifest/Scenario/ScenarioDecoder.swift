import Foundation
import MeshCore
import Yams

/// Reads a scenario file into a `Scenario`, failing fast with file, line and a clear message.
public enum ScenarioDecoder {
    /// The step kinds a scenario may use.
    public static let stepKinds = [
        "apply", "delete", "scale", "wait", "traffic", "kill-pod", "stop-node", "start-node", "restart", "sleep",
        "analyze", "expect",
    ]

    /// Decodes `text` read from `file`.
    public static func decode(_ text: String, file: String) throws(ManifestError) -> Scenario {
        let tree: YAMLTree
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ManifestError(.noObjects, file: file, message: "the scenario file is empty")
            }
            tree = YAMLTree(node: node, lineOffset: 0)
        } catch let error as ManifestError {
            throw error
        } catch {
            throw ManifestError(.syntax, file: file, message: "invalid YAML: \(error)")
        }
        let root = tree.value
        func fail(_ path: String, _ message: String) -> ManifestError {
            ManifestError(.invalid, file: file, line: tree.sourceMap.line(for: path), fieldPath: path, message: message)
        }
        guard case .object(let members) = root else {
            throw fail("", "a scenario must be a mapping with name and steps")
        }
        for key in members.keys where !["name", "description", "cluster", "steps"].contains(key) {
            throw fail(key, "unknown field \"\(key)\" (expected name, description, cluster, steps)")
        }
        guard let name = members["name"]?.stringValue, !name.isEmpty else { throw fail("name", "name is required") }
        let cluster = members["cluster"]?.objectValue ?? [:]
        let tolerationKeys = ["defaultNotReadyTolerationSeconds", "defaultUnreachableTolerationSeconds"]
        for key in cluster.keys where !(["nodes", "istioProfile", "seed"] + tolerationKeys).contains(key) {
            throw fail(
                "cluster.\(key)",
                "unknown field \"\(key)\" (expected nodes, istioProfile, seed, \(tolerationKeys.joined(separator: ", ")))"
            )
        }
        for key in tolerationKeys where cluster[key] != nil && (cluster[key]?.intValue ?? -1) < 0 {
            throw fail("cluster.\(key)", "\(key) must be a whole number of seconds, 0 or more")
        }
        guard let stepsValue = members["steps"]?.arrayValue, !stepsValue.isEmpty else {
            throw fail("steps", "steps is required and must list at least one step")
        }
        var steps: [ScenarioStep] = []
        for (index, value) in stepsValue.enumerated() {
            let path = "steps[\(index)]"
            guard case .object(let step) = value, step.count == 1, let (kind, body) = step.first else {
                throw fail(
                    path, "each step is a mapping with exactly one step kind (\(stepKinds.joined(separator: ", ")))")
            }
            guard stepKinds.contains(kind) else {
                throw fail(
                    "\(path).\(kind)", "unknown step \"\(kind)\" (expected one of \(stepKinds.joined(separator: ", ")))"
                )
            }
            let line = tree.sourceMap.line(for: path) ?? 0
            steps.append(
                try ScenarioStepDecoder.decode(kind: kind, body: body, path: "\(path).\(kind)", line: line, fail: fail))
        }
        let profile = cluster["istioProfile"]?.stringValue ?? "demo"
        var scenario = Scenario(
            name: name, description: members["description"]?.stringValue ?? "", file: file,
            nodes: cluster["nodes"]?.intValue ?? 1, istioProfile: profile == "none" ? nil : profile,
            seed: UInt64(cluster["seed"]?.intValue ?? 42), steps: steps)
        scenario.defaultNotReadyTolerationSeconds = cluster[tolerationKeys[0]]?.intValue
        scenario.defaultUnreachableTolerationSeconds = cluster[tolerationKeys[1]]?.intValue
        return scenario
    }
}
