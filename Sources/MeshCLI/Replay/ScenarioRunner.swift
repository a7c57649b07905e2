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
            let deadline = Date().addingTimeInterval(timeout)
            if let podsReady {
                let query = podsReady.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? podsReady
                while true {
                    let list = try await connection.getJSON(
                        ResourceURL.path(Pod.resourceKind, namespace: namespace) + "?labelSelector=\(query)")
                    let pods = (list["items"]?.arrayValue ?? []).compactMap { try? $0.decode(Pod.self) }
                    if !pods.isEmpty, pods.allSatisfy({ $0.isReady && !$0.isTerminating }) {
                        result.details.append("\(pods.count) pod(s) Ready")
                        break
                    }
                    if Date() > deadline {
                        throw CLIError("timed out after \(timeout)s waiting for pods \(podsReady) to be Ready")
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            for name in rollouts {
                while true {
                    let json = try await connection.getJSON(
                        ResourceURL.path(Deployment.resourceKind, namespace: namespace, name: name))
                    let deployment = try json.decode(Deployment.self)
                    let status = RolloutStatus.message(for: deployment)
                    if status.done {
                        result.details.append(status.text)
                        break
                    }
                    if Date() > deadline { throw CLIError("timed out after \(timeout)s: \(status.text)") }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            _ = try await connection.request(.GET, "/meshsim/v1/wait-routes")
        case .traffic(let step, let during):
            if during.isEmpty {
                try await Self.traffic(step, connection: connection, into: &result)
                return
            }
            // Traffic runs on its own task while the other steps change the cluster underneath it.
            let connection = self.connection
            let background = Task {
                var partial = ScenarioReport.Step(title: "", line: 0, seconds: 0)
                try await Self.traffic(step, connection: connection, into: &partial)
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
            while kill(connection.info.pid, 0) == 0 { try await Task.sleep(for: .milliseconds(5)) }
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
            let value = Self.value(in: object, path: path)
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

    private static func traffic(
        _ step: TrafficStep, connection: DaemonConnection, into result: inout ScenarioReport.Step
    )
        async throws
    {
        guard let port = connection.info.gatewayPorts["80"] else {
            throw CLIError("the cluster has no ingress gateway")
        }
        _ = try await connection.request(.GET, "/meshsim/v1/wait-routes")
        var headers = step.headers.map { ($0.key, $0.value) }
        if let host = step.host { headers.append(("Host", host)) }
        let concurrency = max(1, min(step.concurrency, step.count))
        let path = step.path
        let sendHeaders = headers
        // Each worker is one keep-alive connection sending its share one request after another.
        let shares = (0..<concurrency).map { step.count / concurrency + ($0 < step.count % concurrency ? 1 : 0) }
        let outcomes = try await withThrowingTaskGroup(of: (TrafficTally, [Double]).self) { group in
            for share in shares {
                group.addTask {
                    var tally = TrafficTally()
                    var latencies: [Double] = []
                    var client = try await KeepAliveClient.connect(port: port)
                    for _ in 0..<share {
                        let start = ContinuousClock.now
                        let response: KeepAliveClient.Response
                        do {
                            response = try await client.get(path, headers: sendHeaders)
                        } catch {
                            // A connection the gateway closed: count the failure, reconnect, carry on.
                            tally.add(status: 0, body: "")
                            client = try await KeepAliveClient.connect(port: port)
                            continue
                        }
                        let elapsed = ContinuousClock.now - start
                        latencies.append(
                            Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                        tally.add(status: response.status, body: response.text)
                        if (200..<300).contains(response.status), let text = step.bodyContains,
                            !response.text.contains(text)
                        {
                            tally.bodyMismatches += 1
                        }
                        for (name, value) in step.responseHeaders where response.header(name) != value {
                            tally.headerMismatches += 1
                        }
                        if response.header("connection")?.lowercased() == "close" {
                            client = try await KeepAliveClient.connect(port: port)
                        }
                    }
                    await client.close()
                    return (tally, latencies)
                }
            }
            var all: [(TrafficTally, [Double])] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        var tally = TrafficTally()
        var latencies: [Double] = []
        for (part, times) in outcomes {
            tally.merge(part)
            latencies += times
        }
        result.details = tally.report(elapsed: 0).split(separator: "\n").dropFirst().map(String.init)
        latencies.sort()
        func percentile(_ p: Double) -> String {
            latencies.isEmpty
                ? "-" : String(format: "%.2fms", latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))])
        }
        result.details.append("latency p50 \(percentile(0.5))  p90 \(percentile(0.9))  p99 \(percentile(0.99))")
        for (version, percent) in step.split.sorted(by: { $0.key < $1.key }) {
            let observed = tally.versions[version] ?? 0
            let share = Double(observed) * 100 / Double(max(tally.total, 1))
            if let tolerance = step.tolerance {
                result.expectations.append(
                    ScenarioReport.Expectation(
                        name: "\(version) share \(percent)% ± \(tolerance)", passed: abs(share - percent) <= tolerance,
                        measured: String(format: "%.1f%% (%d of %d)", share, observed, tally.total)))
            } else {
                let bounds = BinomialBounds.interval(n: tally.total, p: percent / 100, confidence: 0.999)
                result.expectations.append(
                    ScenarioReport.Expectation(
                        name: "\(version) share \(percent)% (99.9% bounds [\(bounds.lower), \(bounds.upper)])",
                        passed: observed >= bounds.lower && observed <= bounds.upper,
                        measured: "\(observed) of \(tally.total)"))
            }
        }
        for (code, expected) in step.statuses.sorted(by: { $0.key < $1.key }) {
            let observed = tally.statuses[Int(code) ?? -1] ?? 0
            let passed: Bool
            if expected.hasPrefix(">="), let minimum = Int(expected.dropFirst(2).trimmingCharacters(in: .whitespaces)) {
                passed = observed >= minimum
            } else if expected.hasSuffix("%"), let percent = Double(expected.dropLast()) {
                passed = abs(Double(observed) * 100 / Double(max(tally.total, 1)) - percent) < 0.0001
            } else {
                passed = observed == Int(expected)
            }
            result.expectations.append(
                ScenarioReport.Expectation(
                    name: "status \(code) × \(expected)", passed: passed, measured: "\(observed) of \(tally.total)"))
        }
        for (code, percent) in step.statusShares.sorted(by: { $0.key < $1.key }) {
            let observed = tally.statuses[Int(code) ?? -1] ?? 0
            let bounds = BinomialBounds.interval(n: tally.total, p: percent / 100, confidence: 0.999)
            result.expectations.append(
                ScenarioReport.Expectation(
                    name: "status \(code) share \(percent)% (99.9% bounds [\(bounds.lower), \(bounds.upper)])",
                    passed: observed >= bounds.lower && observed <= bounds.upper,
                    measured: "\(observed) of \(tally.total)"))
        }
        if let text = step.bodyContains {
            result.expectations.append(
                ScenarioReport.Expectation(
                    name: "2xx bodies contain \"\(text)\"", passed: tally.bodyMismatches == 0,
                    measured: "\(tally.bodyMismatches) without it"))
        }
        if !step.responseHeaders.isEmpty {
            result.expectations.append(
                ScenarioReport.Expectation(
                    name:
                        "response headers \(step.responseHeaders.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))",
                    passed: tally.headerMismatches == 0, measured: "\(tally.headerMismatches) mismatches"))
        }
        if let bound = step.p99BelowMilliseconds, !latencies.isEmpty {
            let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
            result.expectations.append(
                ScenarioReport.Expectation(
                    name: "p99 latency below \(bound)ms", passed: p99 < bound, measured: String(format: "%.2fms", p99)))
        }
        if let maxErrors = step.maxErrors {
            let errors = tally.statuses.filter { $0.key < 200 || $0.key >= 400 }.values.reduce(0, +)
            result.expectations.append(
                ScenarioReport.Expectation(
                    name: "at most \(maxErrors) errors", passed: errors <= maxErrors, measured: "\(errors) errors"))
        }
    }

    /// Follows `status.conditions[0].type`-style paths.
    static func value(in object: JSONValue, path: String) -> JSONValue? {
        var current: JSONValue? = object
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var index: Int?
            if let open = name.firstIndex(of: "["), name.hasSuffix("]") {
                index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)])
                name = name[..<open]
            }
            if !name.isEmpty { current = current?[String(name)] }
            if let index { current = current?.arrayValue.flatMap { $0.indices.contains(index) ? $0[index] : nil } }
        }
        return current
    }
}
