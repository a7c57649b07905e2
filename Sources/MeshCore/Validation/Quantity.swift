/// A Kubernetes resource quantity (`500m`, `128Mi`, `1e3`), parsed well enough to compare requests with limits.
public struct Quantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value in base units (cores, bytes).
    public var value: Double
    /// The text as written.
    public var text: String

    /// The regex apimachinery quotes when a quantity does not parse.
    public static let format = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"

    private static let suffixes: [String: Double] = [
        "": 1, "n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
        "Ki": 1024, "Mi": 1_048_576, "Gi": 1_073_741_824, "Ti": 1_099_511_627_776,
        "Pi": 1_125_899_906_842_624, "Ei": 1_152_921_504_606_846_976,
    ]

    /// Parses `text`; nil when apimachinery's `ParseQuantity` would fail.
    public init?(_ text: String) {
        let digits = text.prefix { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "+" || $0 == "-") }
        let signless = digits.drop { $0 == "+" || $0 == "-" }
        guard digits.count - signless.count <= 1, !signless.isEmpty, !signless.contains("+"), !signless.contains("-"),
            let number = Double(digits)
        else { return nil }
        let suffix = String(text.dropFirst(digits.count))
        var multiplier: Double
        if let known = Self.suffixes[suffix] {
            multiplier = known
        } else if let first = suffix.first, first == "e" || first == "E", let exponent = Int(suffix.dropFirst()) {
            multiplier = pow10(exponent)
        } else {
            return nil
        }
        if suffix.isEmpty { multiplier = 1 }
        value = number * multiplier
        self.text = text
    }

    /// Orders by value.
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.value < rhs.value }

    /// Equal by value.
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool { lhs.value == rhs.value }

    /// Hashes the value.
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    /// The text as written.
    public var description: String { text }
}

private func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(exponent) { result *= 10 }
    return exponent < 0 ? 1 / result : result
}
