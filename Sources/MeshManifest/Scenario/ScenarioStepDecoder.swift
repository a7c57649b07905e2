import MeshCore

/// Decodes one step's body.
enum ScenarioStepDecoder {
    static func decode(
        kind: String, body: JSONValue, path: String, line: Int, fail: (String, String) -> ManifestError
    ) throws(ManifestError) -> ScenarioStep {
        let fields = body.objectValue ?? [:]
        func allow(_ keys: [String]) throws(ManifestError) {
            for key in fields.keys where !keys.contains(key) {
                throw fail(
                    "\(path).\(key)", "unknown field \"\(key)\" in \(kind) (expected \(keys.joined(separator: ", ")))")
            }
        }
        func string(_ key: String) -> String? { fields[key]?.stringValue }
        func strings(_ key: String) -> [String] {
            if let one = fields[key]?.stringValue { return [one] }
            return fields[key]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        let namespace = string("namespace") ?? "default"
        switch kind {
        case "apply":
            try allow(["files", "manifests"])
            let files = strings("files")
            let inline = string("manifests")
            guard !files.isEmpty || inline != nil else { throw fail(path, "apply needs files or manifests") }
            return ScenarioStep(
                action: .apply(files: files, inline: inline), line: line,
                title: files.isEmpty ? "apply inline manifests" : "apply \(files.joined(separator: ", "))")
        case "delete":
            try allow(["files", "kind", "name", "namespace"])
            let files = strings("files")
            guard !files.isEmpty || (string("kind") != nil && string("name") != nil) else {
                throw fail(path, "delete needs files, or kind and name")
            }
            return ScenarioStep(
                action: .delete(files: files, kind: string("kind"), name: string("name"), namespace: namespace),
                line: line,
                title:
                    "delete \(files.isEmpty ? "\(string("kind") ?? "")/\(string("name") ?? "")" : files.joined(separator: ", "))"
            )
        case "scale":
            try allow(["deployment", "replicas", "namespace"])
            guard let deployment = string("deployment"), let replicas = fields["replicas"]?.intValue, replicas >= 0
            else {
                throw fail(path, "scale needs deployment and replicas >= 0")
            }
            return ScenarioStep(
                action: .scale(deployment: deployment, namespace: namespace, replicas: replicas), line: line,
                title: "scale \(deployment) to \(replicas)")
        case "wait":
            try allow(["rollout", "podsReady", "for", "kind", "name", "namespace", "timeout"])
            let timeout = try seconds(of: fields["timeout"], default: "30s", path: "\(path).timeout", fail: fail)
            if fields["for"] != nil {
                return try waitFor(fields: fields, path: path, line: line, timeout: timeout, fail: fail)
            }
            let rollouts = strings("rollout")
            guard !rollouts.isEmpty || string("podsReady") != nil else {
                throw fail(
                    path,
                    "wait needs rollout (Deployment names), podsReady (a label selector), or for with kind and name")
            }
            for key in ["kind", "name"] where fields[key] != nil {
                throw fail(
                    "\(path).\(key)", "\(key) goes with for (wait: {for: condition=Available, kind: ..., name: ...})")
            }
            return ScenarioStep(
                action: .wait(
                    rollouts: rollouts, podsReady: string("podsReady"), namespace: namespace, timeout: timeout),
                line: line,
                title:
                    "wait for \(rollouts.isEmpty ? "pods " + (string("podsReady") ?? "") : rollouts.joined(separator: ", "))"
            )
        case "traffic":
            return try TrafficStepDecoder.decode(fields: fields, path: path, line: line, fail: fail)
        case "kill-pod":
            try allow(["name", "selector", "namespace"])
            guard string("name") != nil || string("selector") != nil else {
                throw fail(path, "kill-pod needs name or selector")
            }
            return ScenarioStep(
                action: .killPod(name: string("name"), selector: string("selector"), namespace: namespace), line: line,
                title: "kill pod \(string("name") ?? string("selector") ?? "")")
        case "stop-node", "start-node":
            try allow(["name"])
            guard let name = string("name") ?? body.stringValue else { throw fail(path, "\(kind) needs a node name") }
            return ScenarioStep(
                action: .node(name: name, start: kind == "start-node"), line: line, title: "\(kind) \(name)")
        case "restart":
            return ScenarioStep(action: .restart, line: line, title: "kill -9 the daemon and start it again")
        case "sleep":
            let value = fields.isEmpty ? body : fields["duration"] ?? .null
            let pause = try seconds(of: value, default: nil, path: path, fail: fail)
            return ScenarioStep(action: .sleep(seconds: pause), line: line, title: "sleep \(value.displayText)")
        case "analyze":
            try allow(["namespace", "expect"])
            return ScenarioStep(
                action: .analyze(namespace: namespace, codes: strings("expect")), line: line,
                title: "analyze \(namespace)")
        default:
            try allow(["kind", "name", "namespace", "path", "equals"])
            guard let kindName = string("kind"), let name = string("name"), let field = string("path"),
                let equals = fields["equals"]
            else { throw fail(path, "expect needs kind, name, path and equals") }
            try known(kind: kindName, path: "\(path).kind", fail: fail)
            guard JSONPath(field) != nil else {
                throw fail(
                    "\(path).path",
                    "invalid path \"\(field)\" (use status.availableReplicas or status.conditions[0].type)")
            }
            return ScenarioStep(
                action: .expect(kind: kindName, name: name, namespace: namespace, path: field, equals: equals),
                line: line,
                title: "expect \(kindName)/\(name) \(field) == \(equals.displayText)")
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        case .string(let text): Double(text.replacingOccurrences(of: "%", with: ""))
        default: nil
        }
    }

    /// Seconds in a duration field; a bare number is refused because its unit would be a guess.
    static func seconds(
        of value: JSONValue?, default fallback: String?, path: String, fail: (String, String) -> ManifestError
    ) throws(ManifestError) -> Double {
        guard let value, value != .null else {
            guard let fallback else { throw fail(path, "a duration is required (use 500ms, 2s, 1m)") }
            return Double(IstioDuration.milliseconds(fallback) ?? 0) / 1000
        }
        guard let text = value.stringValue else {
            throw fail(path, "invalid duration \(value.displayText): a unit is required (use 500ms, 2s, 1m)")
        }
        guard let nanos = IstioDuration.nanoseconds(text) else {
            throw fail(path, "invalid duration \"\(text)\" (use 500ms, 2s, 1m)")
        }
        return Double(nanos) / 1e9
    }

    /// Fails unless meshsim serves `kind`.
    static func known(kind: String, path: String, fail: (String, String) -> ManifestError) throws(ManifestError) {
        guard ResourceRegistry.type(forName: kind) != nil else {
            throw fail(path, "unknown kind \"\(kind)\" (expected a kind meshsim serves, such as deployment or pod)")
        }
    }

    /// A `wait: {for: ..., kind: ..., name: ...}` step.
    static func waitFor(
        fields: [String: JSONValue], path: String, line: Int, timeout: Double, fail: (String, String) -> ManifestError
    ) throws(ManifestError) -> ScenarioStep {
        for key in ["rollout", "podsReady"] where fields[key] != nil {
            throw fail("\(path).\(key)", "wait takes either for (with kind and name) or \(key), not both")
        }
        guard let text = fields["for"]?.stringValue, let condition = WaitCondition(kubectl: text) else {
            throw fail(
                "\(path).for",
                "unknown wait form \"\(fields["for"]?.displayText ?? "")\" (expected \(WaitCondition.forms))")
        }
        guard let kind = fields["kind"]?.stringValue, let name = fields["name"]?.stringValue, !name.isEmpty else {
            throw fail(path, "wait for \(condition) needs kind and name")
        }
        try known(kind: kind, path: "\(path).kind", fail: fail)
        let namespace = fields["namespace"]?.stringValue ?? "default"
        return ScenarioStep(
            action: .waitFor(kind: kind, name: name, namespace: namespace, condition: condition, timeout: timeout),
            line: line, title: "wait --for=\(condition) \(kind.lowercased())/\(name)")
    }
}
