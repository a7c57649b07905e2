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
            try allow(["rollout", "podsReady", "namespace", "timeout"])
            let rollouts = strings("rollout")
            guard !rollouts.isEmpty || string("podsReady") != nil else {
                throw fail(path, "wait needs rollout (Deployment names) or podsReady (a label selector)")
            }
            let timeout = try seconds(string("timeout") ?? "30s", path: "\(path).timeout", fail: fail)
            return ScenarioStep(
                action: .wait(
                    rollouts: rollouts, podsReady: string("podsReady"), namespace: namespace, timeout: timeout),
                line: line,
                title:
                    "wait for \(rollouts.isEmpty ? "pods " + (string("podsReady") ?? "") : rollouts.joined(separator: ", "))"
            )
        case "traffic":
            try allow(["count", "path", "host", "headers", "expect", "during", "concurrency"])
            let count = fields["count"]?.intValue ?? 100
            guard count > 0, count <= 1_000_000 else {
                throw fail("\(path).count", "count must be between 1 and 1000000")
            }
            let expect = fields["expect"]?.objectValue ?? [:]
            for key in expect.keys
            where !["split", "tolerance", "status", "statusShare", "maxErrors", "bodyContains", "headers", "p99Below"]
                .contains(key)
            {
                throw fail(
                    "\(path).expect.\(key)",
                    "unknown expectation \"\(key)\" (expected split, tolerance, status, maxErrors)")
            }
            var split: [String: Double] = [:]
            for (version, value) in expect["split"]?.objectValue ?? [:] {
                guard let percent = number(value) else {
                    throw fail("\(path).expect.split.\(version)", "a share must be a number of percent")
                }
                split[version] = percent
            }
            var statuses: [String: String] = [:]
            for (code, value) in expect["status"]?.objectValue ?? [:] {
                statuses[code] = value.stringValue ?? value.intValue.map(String.init) ?? ""
            }
            let headers = (fields["headers"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
            let parsed = TrafficStep(
                count: count, path: string("path") ?? "/", host: string("host"), headers: headers, split: split,
                tolerance: expect["tolerance"].flatMap(number), statuses: statuses,
                maxErrors: expect["maxErrors"]?.intValue)
            var step = parsed
            step.concurrency = max(1, fields["concurrency"]?.intValue ?? 1)
            step.bodyContains = expect["bodyContains"]?.stringValue
            step.responseHeaders = (expect["headers"]?.objectValue ?? [:]).reduce(into: [:]) {
                $0[$1.key.lowercased()] = $1.value.stringValue ?? ""
            }
            if let text = expect["p99Below"]?.stringValue {
                step.p99BelowMilliseconds = try seconds(text, path: "\(path).expect.p99Below", fail: fail) * 1000
            }
            for (code, value) in expect["statusShare"]?.objectValue ?? [:] {
                guard let percent = number(value) else {
                    throw fail("\(path).expect.statusShare.\(code)", "a share must be a number of percent")
                }
                step.statusShares[code] = percent
            }
            var during: [ScenarioStep] = []
            for (index, value) in (fields["during"]?.arrayValue ?? []).enumerated() {
                let duringPath = "\(path).during[\(index)]"
                guard case .object(let inner) = value, inner.count == 1, let (innerKind, innerBody) = inner.first,
                    ScenarioDecoder.stepKinds.contains(innerKind), innerKind != "traffic", innerKind != "restart"
                else {
                    throw fail(duringPath, "each step during traffic is one step kind other than traffic and restart")
                }
                during.append(
                    try decode(
                        kind: innerKind, body: innerBody, path: "\(duringPath).\(innerKind)", line: line, fail: fail))
            }
            let title =
                "traffic \(count) × GET \(step.path)"
                + (during.isEmpty ? "" : " during " + during.map(\.title).joined(separator: ", "))
            return ScenarioStep(action: .traffic(step, during: during), line: line, title: title)
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
            let text = body.stringValue ?? string("duration") ?? ""
            return ScenarioStep(
                action: .sleep(seconds: try seconds(text, path: path, fail: fail)), line: line, title: "sleep \(text)")
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

    static func seconds(_ text: String, path: String, fail: (String, String) -> ManifestError) throws(ManifestError)
        -> Double
    {
        guard let millis = IstioDuration.milliseconds(text) else {
            throw fail(path, "invalid duration \"\(text)\" (use 500ms, 2s, 1m)")
        }
        return Double(millis) / 1000
    }
}
