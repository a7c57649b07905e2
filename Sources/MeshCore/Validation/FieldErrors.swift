import Foundation

/// Builders for `FieldError`s worded as apimachinery's `field.Error.ErrorBody()` words them.
enum FieldErrors {
    /// `Required value` or `Required value: detail`.
    static func required(_ path: String, _ detail: String = "") -> FieldError {
        FieldError(path: path, message: detail.isEmpty ? "Required value" : "Required value: \(detail)")
    }

    /// `Invalid value: <value>: detail`.
    static func invalid(_ path: String, _ value: GoValue, _ detail: String) -> FieldError {
        FieldError(path: path, message: "Invalid value: \(value.text): \(detail)")
    }

    /// `Unsupported value: "x": supported values: "a", "b"`.
    static func notSupported(_ path: String, _ value: String, _ supported: [String]) -> FieldError {
        let list = supported.map { "\"\($0)\"" }.joined(separator: ", ")
        return FieldError(
            path: path, message: "Unsupported value: \(GoValue.string(value).text): supported values: \(list)")
    }

    /// `Duplicate value: "x"`.
    static func duplicate(_ path: String, _ value: GoValue) -> FieldError {
        FieldError(path: path, message: "Duplicate value: \(value.text)")
    }

    /// `Forbidden: detail`.
    static func forbidden(_ path: String, _ detail: String) -> FieldError {
        FieldError(path: path, message: "Forbidden: \(detail)")
    }

    /// `Too long: may not be more than N bytes`.
    static func tooLong(_ path: String, _ limit: Int) -> FieldError {
        FieldError(path: path, message: "Too long: may not be more than \(limit) bytes")
    }

    /// Appends `parent.child`.
    static func member(_ parent: String, _ child: String) -> String { parent.isEmpty ? child : "\(parent).\(child)" }

    /// Appends `parent[index]`.
    static func element(_ parent: String, _ index: Int) -> String { "\(parent)[\(index)]" }

    /// Appends `parent[key]`, how Kubernetes addresses map entries (`resources.limits[memory]`).
    static func key(_ parent: String, _ key: String) -> String { "\(parent)[\(key)]" }
}

/// A value rendered as Go's `fmt` renders it in `field.Invalid` (`%q` for strings, `%#v` for maps).
enum GoValue {
    case int(Int)
    case string(String)
    case stringMap([String: String])
    case selector(LabelSelector)
    case raw(String)

    /// The rendering.
    var text: String {
        switch self {
        case .int(let number): return String(number)
        case .string(let text): return Self.quote(text)
        case .stringMap(let map): return "map[string]string{\(Self.members(map))}"
        case .selector(let selector):
            let labels =
                selector.matchLabels.map { "map[string]string{\(Self.members($0))}" } ?? "map[string]string(nil)"
            let expressions =
                (selector.matchExpressions ?? []).isEmpty
                ? "[]v1.LabelSelectorRequirement(nil)"
                : "[]v1.LabelSelectorRequirement{"
                    + (selector.matchExpressions ?? []).map { requirement in
                        let values = (requirement.values ?? []).map(Self.quote).joined(separator: ", ")
                        return "v1.LabelSelectorRequirement{Key:\(Self.quote(requirement.key)), "
                            + "Operator:\(Self.quote(requirement.operator)), Values:[]string{\(values)}}"
                    }.joined(separator: ", ") + "}"
            return "v1.LabelSelector{MatchLabels:\(labels), MatchExpressions:\(expressions)}"
        case .raw(let text): return text
        }
    }

    private static func members(_ map: [String: String]) -> String {
        map.keys.sorted().map { "\(quote($0)):\(quote(map[$0] ?? ""))" }.joined(separator: ", ")
    }

    /// Go's `%q`: double quotes with `\"`, `\\` and control characters escaped.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\x%02x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
