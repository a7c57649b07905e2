import Foundation
import MeshAPI
import MeshCore
import MeshManifest
import NIOHTTP1

/// Runs a scenario's `traffic` step through the real ingress listener and checks its expectations.
enum ScenarioTraffic {
    /// Sends the step's requests and fills `result` with the measurements and expectations.
    static func run(_ step: TrafficStep, connection: DaemonConnection, into result: inout ScenarioReport.Step)
        async throws
    {
        guard let port = connection.info.gatewayPorts["80"] else {
            throw CLIError("the cluster has no ingress gateway")
        }
        _ = try await connection.request(.GET, "/meshsim/v1/wait-routes")
        var headers = step.headers.map { ($0.key, $0.value) }
        if let host = step.host { headers.append(("Host", host)) }
        var generator = LoadGenerator(
            port: port, path: step.path, headers: headers,
            pacing: TrafficPacing(count: step.count, duration: step.duration, rate: step.rate),
            concurrency: step.concurrency, bodyContains: step.bodyContains, responseHeaders: step.responseHeaders)
        generator.method = HTTPMethod(rawValue: step.method)
        let outcome = try await generator.run()
        check(step, outcome, into: &result)
    }

    /// The report lines and expectation results for what a run measured.
    static func check(_ step: TrafficStep, _ outcome: LoadGenerator.Outcome, into result: inout ScenarioReport.Step) {
        let tally = outcome.tally
        let latencies = outcome.latencies
        result.details = [outcome.rateLine(target: step.rate)]
        result.details += tally.report().split(separator: "\n").map(String.init)
        result.details.append(
            "latency p50 \(outcome.percentile(0.5))  p90 \(outcome.percentile(0.9))  p99 \(outcome.percentile(0.99))")
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
        for (percentile, bound) in step.latencyBelowMilliseconds.sorted(by: { $0.key < $1.key })
        where !latencies.isEmpty {
            let index = min(latencies.count - 1, Int(Double(latencies.count) * Double(percentile) / 100))
            let measured = latencies[index]
            result.expectations.append(
                ScenarioReport.Expectation(
                    name: "p\(percentile) latency below \(bound)ms", passed: measured < bound,
                    measured: String(format: "%.2fms", measured)))
        }
        if let maxErrors = step.maxErrors {
            let errors = tally.statuses.filter { $0.key < 200 || $0.key >= 400 }.values.reduce(0, +)
            result.expectations.append(
                ScenarioReport.Expectation(
                    name: "at most \(maxErrors) errors", passed: errors <= maxErrors, measured: "\(errors) errors"))
        }
    }
}
