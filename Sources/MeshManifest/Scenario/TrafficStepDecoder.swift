import MeshCore

/// Decodes a `traffic` step: what to send, how much and how fast, what to expect, and the steps that
/// run while it sends.
enum TrafficStepDecoder {
    static let fields = [
        "count", "duration", "rate", "concurrency", "method", "path", "host", "headers", "expect", "during",
    ]
    static let expectations = [
        "split", "tolerance", "status", "statusShare", "maxErrors", "bodyContains", "headers", "p50Below",
        "p90Below", "p99Below",
    ]
    /// The most parallel connections a step may open.
    static let maximumConcurrency = 256

    static func decode(
        fields: [String: JSONValue], path: String, line: Int, fail: (String, String) -> ManifestError
    ) throws(ManifestError) -> ScenarioStep {
        for key in fields.keys where !Self.fields.contains(key) {
            throw fail(
                "\(path).\(key)",
                "unknown field \"\(key)\" in traffic (expected \(Self.fields.joined(separator: ", ")))")
        }
        var count: Int?
        if let value = fields["count"] {
            guard let number = value.intValue, number > 0, number <= TrafficStep.maximumCount else {
                throw fail(
                    "\(path).count",
                    "count must be between 1 and \(TrafficStep.maximumCount) (got \(value.displayText))")
            }
            count = number
        }
        var duration: Double?
        if let value = fields["duration"] {
            let seconds = try ScenarioStepDecoder.seconds(of: value, default: nil, path: "\(path).duration", fail: fail)
            guard seconds > 0, seconds <= TrafficStep.maximumDuration else {
                throw fail("\(path).duration", "duration must be above 0 and at most 10m (got \(value.displayText))")
            }
            duration = seconds
        }
        var rate: Double?
        if let value = fields["rate"] {
            guard let number = ScenarioStepDecoder.number(value), number > 0, number <= TrafficStep.maximumRate else {
                throw fail(
                    "\(path).rate",
                    "rate must be a number of requests per second above 0 and at most \(Int(TrafficStep.maximumRate)) (got \(value.displayText))"
                )
            }
            rate = number
        }
        var concurrency = 1
        if let value = fields["concurrency"] {
            guard let number = value.intValue, number >= 1, number <= maximumConcurrency else {
                throw fail(
                    "\(path).concurrency",
                    "concurrency must be between 1 and \(maximumConcurrency) (got \(value.displayText))")
            }
            concurrency = number
        }
        if count == nil && duration == nil { count = 100 }
        if let rate, let count, duration == nil, Double(count) / rate > TrafficStep.maximumDuration {
            throw fail(
                "\(path).rate",
                "\(count) requests at \(rate) per second would take more than 10m; raise the rate or add a duration")
        }
        let expect = fields["expect"]?.objectValue ?? [:]
        for key in expect.keys where !expectations.contains(key) {
            throw fail(
                "\(path).expect.\(key)",
                "unknown expectation \"\(key)\" (expected \(expectations.joined(separator: ", ")))")
        }
        var split: [String: Double] = [:]
        for (version, value) in expect["split"]?.objectValue ?? [:] {
            guard let percent = ScenarioStepDecoder.number(value) else {
                throw fail("\(path).expect.split.\(version)", "a share must be a number of percent")
            }
            split[version] = percent
        }
        var statuses: [String: String] = [:]
        for (code, value) in expect["status"]?.objectValue ?? [:] {
            statuses[code] = value.stringValue ?? value.intValue.map(String.init) ?? ""
        }
        let headers = (fields["headers"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        var step = TrafficStep(
            count: count, path: fields["path"]?.stringValue ?? "/", host: fields["host"]?.stringValue,
            headers: headers, split: split, tolerance: expect["tolerance"].flatMap(ScenarioStepDecoder.number),
            statuses: statuses, maxErrors: expect["maxErrors"]?.intValue)
        if let value = fields["method"] {
            guard let method = value.stringValue?.uppercased(), TrafficStep.methods.contains(method) else {
                throw fail(
                    "\(path).method",
                    "method must be one of \(TrafficStep.methods.joined(separator: ", ")) (got \(value.displayText))")
            }
            step.method = method
        }
        step.duration = duration
        step.rate = rate
        step.concurrency = concurrency
        step.bodyContains = expect["bodyContains"]?.stringValue
        step.responseHeaders = (expect["headers"]?.objectValue ?? [:]).reduce(into: [:]) {
            $0[$1.key.lowercased()] = $1.value.stringValue ?? ""
        }
        for percentile in [50, 90, 99] {
            guard let value = expect["p\(percentile)Below"] else { continue }
            step.latencyBelowMilliseconds[percentile] =
                try ScenarioStepDecoder.seconds(
                    of: value, default: nil, path: "\(path).expect.p\(percentile)Below", fail: fail) * 1000
        }
        for (code, value) in expect["statusShare"]?.objectValue ?? [:] {
            guard let percent = ScenarioStepDecoder.number(value) else {
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
                try ScenarioStepDecoder.decode(
                    kind: innerKind, body: innerBody, path: "\(duringPath).\(innerKind)", line: line, fail: fail))
        }
        let title =
            "traffic \(amount(step)) × \(step.method) \(step.path)"
            + (during.isEmpty ? "" : " during " + during.map(\.title).joined(separator: ", "))
        return ScenarioStep(action: .traffic(step, during: during), line: line, title: title)
    }

    /// `1000`, `for 1s`, `1000 within 1s`, each with ` at 200/s` when paced.
    static func amount(_ step: TrafficStep) -> String {
        let time = step.duration.map { $0 >= 1 ? "\(format($0))s" : "\(format($0 * 1000))ms" }
        var text: String
        switch (step.count, time) {
        case (let count?, let time?): text = "\(count) within \(time)"
        case (let count?, nil): text = "\(count)"
        case (nil, let time?): text = "for \(time)"
        case (nil, nil): text = "0"
        }
        if let rate = step.rate { text += " at \(format(rate))/s" }
        return text
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}
