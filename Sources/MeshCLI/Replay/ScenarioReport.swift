import Foundation
import MeshCore

/// What happened in one replay: each step with its expectations and measurements.
struct ScenarioReport: Sendable {
    struct Expectation: Sendable {
        var name: String
        var passed: Bool
        var measured: String
    }

    struct Step: Sendable {
        var title: String
        var line: Int
        var seconds: Double
        var details: [String] = []
        var expectations: [Expectation] = []
        var error: String?
        var passed: Bool { error == nil && expectations.allSatisfy(\.passed) }
    }

    var scenario: String
    var file: String
    var steps: [Step] = []
    var seconds: Double = 0
    var passed: Bool { steps.allSatisfy(\.passed) }

    /// The human report.
    func text() -> String {
        var out = "\n\(passed ? "PASS" : "FAIL")  \(scenario)  (\(file), \(String(format: "%.2f", seconds))s)\n"
        for (index, step) in steps.enumerated() {
            out +=
                "  \(step.passed ? "✔" : "✘") \(index + 1). \(step.title)  [line \(step.line), \(String(format: "%.2f", step.seconds))s]\n"
            for detail in step.details { out += "       \(detail)\n" }
            for expectation in step.expectations {
                out += "       \(expectation.passed ? "pass" : "FAIL"): \(expectation.name) — \(expectation.measured)\n"
            }
            if let error = step.error { out += "       error: \(error)\n" }
        }
        return out
    }

    /// The JSON report.
    func json() -> JSONValue {
        .object([
            "scenario": .string(scenario), "file": .string(file), "passed": .bool(passed), "seconds": .double(seconds),
            "steps": .array(
                steps.map { step in
                    .object([
                        "title": .string(step.title), "line": .int(step.line), "seconds": .double(step.seconds),
                        "passed": .bool(step.passed), "details": .array(step.details.map(JSONValue.string)),
                        "error": step.error.map(JSONValue.string) ?? .null,
                        "expectations": .array(
                            step.expectations.map {
                                .object([
                                    "name": .string($0.name), "passed": .bool($0.passed),
                                    "measured": .string($0.measured),
                                ])
                            }),
                    ])
                }),
        ])
    }

    /// A JUnit `<testsuite>` for CI systems: one test case per step.
    func junit() -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let failures = steps.filter { !$0.passed }.count
        var out =
            "  <testsuite name=\"\(escape(scenario))\" tests=\"\(steps.count)\" failures=\"\(failures)\" time=\"\(seconds)\">\n"
        for (index, step) in steps.enumerated() {
            out +=
                "    <testcase classname=\"\(escape(scenario))\" name=\"\(index + 1). \(escape(step.title))\" time=\"\(step.seconds)\">\n"
            if !step.passed {
                let message =
                    step.error
                    ?? step.expectations.filter { !$0.passed }.map { "\($0.name): \($0.measured)" }.joined(
                        separator: "; ")
                out += "      <failure message=\"\(escape(message))\"/>\n"
            }
            out += "    </testcase>\n"
        }
        return out + "  </testsuite>\n"
    }
}
