/// Durations as Istio resources write them (`1.5s`, `100ms`, `1m`, `1h30m`), parsed the way Go's
/// `time.ParseDuration` reads them (which is what the protobuf-JSON bridge accepts in Istio YAML).
public enum IstioDuration {
    /// Nanoseconds per unit suffix.
    private static let units: [(suffix: String, nanos: Double)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
        ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    /// Parses a duration into nanoseconds; nil when malformed or negative.
    public static func nanoseconds(_ text: String) -> Int64? {
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        if rest == "0" { return 0 }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !$0.isNumber && $0 != "." }
            guard let unit = units.first(where: { $0.suffix == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.nanos
        }
        guard total < Double(Int64.max) else { return nil }
        return Int64(total.rounded())
    }

    /// Parses a duration into whole milliseconds (Envoy's precision for route timeouts).
    public static func milliseconds(_ text: String) -> Int? {
        nanoseconds(text).map { Int($0 / 1_000_000) }
    }

    /// Istio's `ValidateDuration`: at least 1 ms and millisecond precision; nil when valid.
    public static func validationError(_ text: String) -> String? {
        guard let nanos = nanoseconds(text) else { return "invalid duration: \(text)" }
        if nanos < 1_000_000 { return "duration must be greater than 1ms" }
        if nanos % 1_000_000 != 0 { return "only durations to ms precision are supported" }
        return nil
    }
}
