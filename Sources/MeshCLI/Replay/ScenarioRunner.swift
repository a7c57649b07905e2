import Foundation
import MeshAPI
import MeshCore
import MeshManifest

/// Replays one scenario against a cluster over the daemon API and the real ingress listener.
struct ScenarioRunner {
    let scenario: Scenario
    var connection: DaemonConnection
    let progress: (String) -> Void

    /// Runs every step in order; a step that errors stops the scenario (later steps depend on it).
    mutating func run() async -> ScenarioReport {
        var report = ScenarioReport(scenario: scenario.name, file: scenario.file)
        let started = Date()
        for (index, step) in scenario.steps.enumerated() {
            progress(
                String(
                    format: "[%6.2fs] step %d/%d: %@", Date().timeIntervalSince(started), index + 1,
                    scenario.steps.count, step.title))
            let stepStart = Date()
            var result = ScenarioReport.Step(title: step.title, line: step.line, seconds: 0)
            do {
                try await execute(step.action, into: &result)
            } catch let error as CLIError {
                result.error = error.message
            } catch {
                result.error = "\(error)"
            }
            result.seconds = Date().timeIntervalSince(stepStart)
            report.steps.append(result)
            if result.error != nil { break }
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    private var directory: String { URL(fileURLWithPath: scenario.file).deletingLastPathComponent().path }

    private mutating func execute(_ action: ScenarioStep.Action, into result: inout ScenarioReport.Step) async throws {
        switch action {
        case .apply(let files, let inline):
            result.details = try await send(files: files, inline: inline, delete: false)
        case .delete(let files, let kind, let name, let namespace):
            if !files.isEmpty {
                result.details = try await send(files: files, inline: nil, delete: true)
            } else if let kind, let name, let type = ResourceRegistry.type(forName: kind) {
                _ = try connection.decode(
                    try await connection.request(
                        .DELETE, ResourceURL.path(type.resourceKind, namespace: namespace, name: name)))
                result.details = ["\(type.resourceKind.qualifiedSingular) \"\(name)\" deleted"]
            }
        case .scale(let deployment, let namespace, let replicas):
            let patch: JSONValue = .object(["spec": .object(["replicas": .int(replicas)])])
            _ = try connection.decode(
                try await connection.request(
                    .PATCH, ResourceURL.path(Deployment.resourceKind, namespace: namespace, name: deployment),
                    body: Array(try JSONCoding.encoder.encode(patch)), contentType: "application/merge-patch+json"))
        case .wait(let rollouts, let podsReady, let namespace, let timeout):
            let waiter = ScenarioWaiter(connection: connection, timeout: timeout)
            let deadline = Date().addingTimeInterval(timeout)
            if let podsReady {
                result.details.append(try await waiter.podsReady(podsReady, namespace: namespace, deadline: deadline))
            }
            for name in rollouts {
                result.details.append(try await waiter.rollout(name, namespace: namespace, deadline: deadline))
            }
            _ = try await connection.request(.GET, "/meshsim/v1/wait-routes")
        case .waitFor(let kind, let name, let namespace, let condition, let timeout):
            let waiter = ScenarioWaiter(connection: connection, timeout: timeout)
            result.details.append(
                try await waiter.object(kind: kind, name: name, namespace: namespace, condition: condition))
            _ = try await connection.request(.GET, "/meshsim/v1/wait-routes")
        case .traffic(let step, let during):
            if during.isEmpty {
                try await ScenarioTraffic.run(step, connection: connection, into: &result)
                return
            }
            // Traffic runs on its own task while the other steps change the cluster underneath it.
            let connection = self.connection
            let background = Task {
                var partial = ScenarioReport.Step(title: "", line: 0, seconds: 0)
                try await ScenarioTraffic.run(step, connection: connection, into: &partial)
                return partial
            }
            for inner in during {
                var innerResult = ScenarioReport.Step(title: inner.title, line: inner.line, seconds: 0)
                try await execute(inner.action, into: &innerResult)
                result.details.append("during: \(inner.title)")
                result.details += innerResult.details.map { "  \($0)" }
                result.expectations += innerResult.expectations
            }
            let measured = try await background.value
            result.details += measured.details
            result.expectations += measured.expectations
        case .killPod(let name, let selector, let namespace):
            var target = name
            if target == nil, let selector {
                let list = try await connection.getJSON(
                    ResourceURL.path(Pod.resourceKind, namespace: namespace) + "?labelSelector="
                        + (selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? selector))
                target = list["items"]?.arrayValue?.first?["metadata"]?["name"]?.stringValue
            }
            guard let target else { throw CLIError("no pod matches \(selector ?? "")") }
            _ = try await connection.request(.POST, "/meshsim/v1/kill-pod?namespace=\(namespace)&name=\(target)")
            result.details = ["killed pod/\(target)"]
        case .node(let name, let start):
            let reply = try await connection.request(.POST, "/meshsim/v1/node/\(start ? "start" : "stop")?name=\(name)")
            _ = try connection.decode(reply)
        case .restart:
            kill(connection.info.pid, SIGKILL)
            guard await DaemonStopper.waitForExit(connection.info.pid, seconds: 10) else {
                throw CLIError("the daemon (pid \(connection.info.pid)) still runs 10 s after SIGKILL")
            }
            let settings = ClusterSettings(
                nodes: scenario.nodes, istioProfile: scenario.istioProfile, httpPort: 0, apiPort: 0, seed: scenario.seed
            )
            let info = try await DaemonLauncher(paths: connection.paths, settings: settings, foreground: false).spawn()
            connection = DaemonConnection(paths: connection.paths, info: info)
            result.details = ["daemon restarted as pid \(info.pid)"]
        case .sleep(let seconds):
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        case .analyze(let namespace, let codes):
            let report = try await connection.getJSON("/meshsim/v1/analyze?namespace=\(namespace)")
            let lines = (report["output"]?.arrayValue ?? []).compactMap(\.stringValue)
            result.details = lines
            let found = Set(
                lines.compactMap { line -> String? in
                    guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { return nil }
                    let code = String(line[line.index(after: open)..<close])
                    return code.hasPrefix("IST") && !line.hasPrefix("Info") ? code : nil
                })
            let expected = Set(codes)
            result.expectations.append(
                ScenarioReport.Expectation(
                    name: "analyzer codes \(expected.isEmpty ? "none" : expected.sorted().joined(separator: ","))",
                    passed: found == expected, measured: found.isEmpty ? "none" : found.sorted().joined(separator: ","))
            )
        case .expect(let kind, let name, let namespace, let path, let equals):
            guard let type = ResourceRegistry.type(forName: kind) else { throw CLIError("unknown kind \(kind)") }
            let object = try await connection.getJSON(
                ResourceURL.path(type.resourceKind, namespace: namespace, name: name))
            let value = JSONPath(path)?.value(in: object)
            let passed = value == equals || (value?.intValue != nil && value?.intValue == equals.intValue)
            result.expectations.append(
                ScenarioReport.Expectation(
                    name: "\(kind)/\(name) \(path) == \(equals.displayText)", passed: passed,
                    measured: value.map(\.displayText) ?? "<missing>"))
        }
    }

    private func send(files: [String], inline: String?, delete: Bool) async throws -> [String] {
        var documents: [ManifestDocument] = []
        let paths = files.map { $0.hasPrefix("/") ? $0 : directory + "/" + $0 }
        if !paths.isEmpty { documents += try ManifestInput.load(paths, namespace: nil) }
        if let inline {
            let decoded = ManifestDecoder().decodeAll(inline, file: scenario.file + " (inline manifests)")
            if let error = decoded.errors.first { throw CLIError(error.description) }
            documents += decoded.documents
        }
        var objects: [JSONValue] = []
        for document in documents { objects.append(try document.resource.json()) }
        let body: JSONValue = .object(["objects": .array(objects), "delete": .bool(delete)])
        let reply = try await connection.request(
            .POST, "/meshsim/v1/apply", body: Array(try JSONCoding.encoder.encode(body)))
        let json = try connection.decode(reply)
        return (json["results"]?.arrayValue ?? []).map {
            "\($0["display"]?.stringValue ?? "") \($0["outcome"]?.stringValue ?? "")"
        }
    }
}
