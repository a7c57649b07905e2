import Foundation

/// The `validation.istio.io` webhook as pure functions: resource in, field errors out (reference §2.5,
/// §3.4, §3.5, §3.8, §3.9, §4.1). Messages copy istio/istio `pkg/config/validation`.
public enum IstioValidation {
    /// Validates any Istio networking resource; other kinds yield no errors.
    public static func validate(_ resource: any KubeResource) -> [FieldError] {
        switch resource {
        case let gateway as Gateway: return validate(gateway)
        case let virtualService as VirtualService: return validate(virtualService)
        case let rule as DestinationRule: return validate(rule)
        case let entry as ServiceEntry: return validate(entry)
        default: return []
        }
    }

    /// The webhook's combined message: `admission webhook "validation.istio.io" denied the request: ...`.
    public static func webhookMessage(_ errors: [FieldError]) -> String {
        let body = errors.map(\.message).joined(separator: "; ")
        return "admission webhook \"validation.istio.io\" denied the request: configuration is invalid: \(body)"
    }

    // MARK: - Shared checks (istio `agent` package)

    /// `labels.IsDNS1123Label`.
    static func isDNS1123Label(_ value: String) -> Bool {
        guard !value.isEmpty, value.count <= 63 else { return false }
        let bytes = Array(value.utf8)
        func alnum(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) }
        guard alnum(bytes[0]), alnum(bytes[bytes.count - 1]) else { return false }
        return bytes.allSatisfy { alnum($0) || $0 == 45 }
    }

    /// `agent.ValidateWildcardDomain`: only the left-most label may be a wildcard.
    static func wildcardDomainError(_ domain: String) -> String? {
        if domain.isEmpty { return "empty domain name not allowed" }
        if domain.count > 255 { return "domain name \(quoted(domain)) too long (max 255)" }
        let parts = domain.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let first = parts[0]
        let firstValid =
            first == "*"
            || (first.hasPrefix("*")
                ? isDNS1123Label(String(first.dropFirst()))
                : isDNS1123Label(first.lowercased()))
        if !firstValid { return "domain name \(quoted(domain)) invalid (label \(quoted(first)) invalid)" }
        if parts.count > 1 {
            for label in parts[1].split(separator: ".", omittingEmptySubsequences: false)
            where !isDNS1123Label(label.lowercased()) {
                return "domain name \(quoted(domain)) invalid (label \(quoted(String(label))) invalid)"
            }
        }
        return nil
    }

    /// `agent.ValidatePort`.
    static func portError(_ port: Int) -> String? {
        (1...65535).contains(port) ? nil : "port number \(port) must be in the range 1..65535"
    }

    /// Whether `text` is an IPv4 or IPv6 literal.
    static func isIPAddress(_ text: String) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) { return true }
        return text.contains(":") && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }

    /// `validateStringRegexp`: length and compilation (ICU stands in for RE2).
    static func regexError(_ pattern: String, where field: String) -> String? {
        if pattern.count > 1024 { return "\(quoted(field)): regex is too large, max length allowed is 1024" }
        if (try? NSRegularExpression(pattern: pattern)) != nil { return nil }
        return "\(quoted(field)): error parsing regexp: invalid regex \(quoted(pattern)); "
            + "Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)"
    }

    /// `validatePercentage`.
    static func percentageError(_ percent: Percent?) -> String? {
        guard let value = percent?.value else { return nil }
        if value < 0 || value > 100 || (value > 0 && value < 0.0001) {
            return "percentage \(formatNumber(value)) is neither 0.0, nor in range [0.0001, 100.0]"
        }
        return nil
    }

    /// Go's `%v` for a float64: `150`, `0.5`.
    static func formatNumber(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Go's `%q`.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Accumulates errors with their paths.
struct FieldErrorList {
    var errors: [FieldError] = []

    mutating func add(_ path: String, _ message: String?) {
        if let message { errors.append(FieldError(path: path, message: message)) }
    }
}
