import Foundation

/// A Kubernetes resource quantity (`100m`, `0.5`, `128Mi`, `1G`, `1e3`), held as thousandths of a unit
/// so CPU millicores and memory bytes are both exact for the values clusters use.
///
/// Why: the scheduler compares `requests` against `allocatable` the way apimachinery's
/// `resource.Quantity` does (`MilliValue()` for cpu, `Value()` rounded up for memory).
public struct Quantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in thousandths of a unit (millicores for cpu, millibytes for memory).
    public var milliValue: Int64

    /// Creates a quantity from thousandths of a unit.
    public init(milliValue: Int64) { self.milliValue = milliValue }

    /// The amount in whole units, rounded up as `Quantity.Value()` does.
    public var value: Int64 { milliValue >= 0 ? (milliValue + 999) / 1000 : milliValue / 1000 }

    /// The original-ish text: whole units when exact, else millis (`100m`).
    public var description: String { milliValue % 1000 == 0 ? "\(milliValue / 1000)" : "\(milliValue)m" }

    /// Orders by amount.
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.milliValue < rhs.milliValue }

    private static let suffixes: [(String, Double)] = [
        ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
        ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
        ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15),
        ("E", 1e18),
    ]

    /// Parses Kubernetes quantity syntax; nil when malformed.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        var number = Substring(trimmed)
        var multiplier = 1.0
        for (suffix, factor) in Self.suffixes where trimmed.hasSuffix(suffix) {
            // "1e3" ends in neither; "E" alone is exa only when the rest is a plain number.
            let rest = trimmed.dropLast(suffix.count)
            if Double(rest) != nil, !rest.isEmpty {
                number = rest
                multiplier = factor
                break
            }
        }
        guard let amount = Double(number), amount.isFinite else { return nil }
        let milli = (amount * multiplier * 1000).rounded(.up)
        guard milli < 9.2e18, milli > -9.2e18 else { return nil }
        milliValue = Int64(milli)
    }

    /// Parses, treating malformed or absent text as zero.
    public static func parse(_ text: String?) -> Quantity { text.flatMap(Quantity.init) ?? Quantity(milliValue: 0) }
}
