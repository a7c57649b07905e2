/// The result of `istioctl analyze`: messages plus the output and exit-code rules (reference §8.1).
public struct AnalysisReport: Sendable, Hashable {
    /// Messages, sorted.
    public var messages: [AnalysisMessage]
    /// The analysed namespace, nil for `--all-namespaces`.
    public var namespace: String?
    /// Istio minor version for the documentation link (`1.28`).
    public var istioVersion: String

    /// Creates a report.
    public init(messages: [AnalysisMessage], namespace: String?, istioVersion: String = "1.28") {
        self.messages = messages
        self.namespace = namespace
        self.istioVersion = istioVersion
    }

    /// `namespace: default` or `all namespaces`.
    public var scope: String { namespace.map { "namespace: \($0)" } ?? "all namespaces" }

    /// Messages at or above `threshold` (default output threshold Info).
    public func visible(threshold: AnalysisMessage.Level = .info) -> [AnalysisMessage] {
        messages.filter { $0.level <= threshold }
    }

    /// Whether something at or above the failure threshold (default Error) was found.
    public func failed(threshold: AnalysisMessage.Level = .error) -> Bool {
        messages.contains { $0.level <= threshold }
    }

    /// Lines for stdout: one per message, or the clean-run line.
    public var outputLines: [String] {
        if messages.isEmpty { return ["✔ No validation issues found when analyzing \(scope)."] }
        return messages.map(\.line)
    }

    /// Lines for stderr when the run failed.
    public var footerLines: [String] {
        guard failed() else { return [] }
        return [
            "Error: Analyzers found issues when analyzing \(scope).",
            "See https://istio.io/v\(istioVersion)/docs/reference/config/analysis for more information about causes and resolutions.",
        ]
    }

    /// istioctl's exit code: 79 when the failure threshold was reached, else 0.
    public var exitCode: Int32 { failed() ? 79 : 0 }
}
