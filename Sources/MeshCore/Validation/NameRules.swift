/// The string checks of apimachinery's `util/validation` package, each returning Kubernetes' messages
/// (empty when valid). Implemented by hand rather than with regexes; the regex text is quoted in messages.
public enum NameRules {
    static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123SubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
    static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"
    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let labelValueFormat = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"
    static let envVarNameFormat = "[-._a-zA-Z][-._a-zA-Z0-9]*"

    /// apimachinery `RegexError`: the message, examples and the regex (its odd `',  or '` spacing included).
    static func regexError(_ message: String, _ format: String, _ examples: String...) -> String {
        guard !examples.isEmpty else { return "\(message) (regex used for validation is '\(format)')" }
        var text = message + " (e.g. "
        for (index, example) in examples.enumerated() {
            if index > 0 { text += " or " }
            text += "'\(example)', "
        }
        return text + "regex used for validation is '\(format)')"
    }

    private static func isLowerAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }
    private static func isAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    // Byte-wise checks (the rules are ASCII-only, as apimachinery's regexes): these run on every
    // write, and Character iteration costs a grapheme break per step.
    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlnum(_ byte: UInt8) -> Bool {
        isLowerAlnum(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func matchesLabel(_ value: String, firstLetter: Bool) -> Bool {
        let bytes = value.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        let firstOK = firstLetter ? (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) : isLowerAlnum(first)
        guard firstOK, isLowerAlnum(last) else { return false }
        return bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// `IsDNS1123Label`: Namespace names, container names, Service port names.
    public static func dns1123Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.count > 63 { errors.append("must be no more than 63 characters") }
        if !matchesLabel(value, firstLetter: false) {
            errors.append(
                regexError(
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                    dns1123LabelFormat, "my-name", "123-abc"))
        }
        return errors
    }

    /// `IsDNS1123Subdomain`: most object names.
    public static func dns1123Subdomain(_ value: String) -> [String] {
        var errors: [String] = []
        if value.count > 253 { errors.append("must be no more than 253 characters") }
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        if !labels.allSatisfy({ matchesLabel(String($0), firstLetter: false) }) {
            errors.append(
                regexError(
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                    dns1123SubdomainFormat, "example.com"))
        }
        return errors
    }

    /// `IsDNS1035Label`: Service names (they become DNS names and environment variables).
    public static func dns1035Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.count > 63 { errors.append("must be no more than 63 characters") }
        if !matchesLabel(value, firstLetter: true) {
            errors.append(
                regexError(
                    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                    dns1035LabelFormat, "my-name", "abc-123"))
        }
        return errors
    }

    private static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

    private static func matchesQualified(_ value: String) -> Bool {
        let bytes = value.utf8
        guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else { return false }
        return bytes.allSatisfy {
            isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    /// `IsQualifiedName`: label and annotation keys (`example.com/name`).
    public static func qualifiedName(_ value: String) -> [String] {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var errors: [String] = []
        let name: String
        switch parts.count {
        case 1: name = parts[0]
        case 2:
            name = parts[1]
            if parts[0].isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors += dns1123Subdomain(parts[0]).map { "prefix part \($0)" }
            }
        default:
            return [
                "a qualified name "
                    + regexError(qualifiedNameMessage, qualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.count > 63 {
            errors.append("name part must be no more than 63 characters")
        }
        if !name.isEmpty, !matchesQualified(name) {
            errors.append(
                "name part " + regexError(qualifiedNameMessage, qualifiedNameFormat, "MyName", "my.name", "123-abc"))
        }
        return errors
    }

    /// `IsValidLabelValue`.
    public static func labelValue(_ value: String) -> [String] {
        var errors: [String] = []
        if value.count > 63 { errors.append("must be no more than 63 characters") }
        if !value.isEmpty, !matchesQualified(value) {
            errors.append(
                regexError(
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                    labelValueFormat, "MyValue", "my_value", "12345"))
        }
        return errors
    }

    /// `IsValidPortName`: an IANA service name.
    public static func portName(_ value: String) -> [String] {
        var errors: [String] = []
        if value.count > 15 { errors.append("must be no more than 15 characters") }
        if !value.allSatisfy({ isLowerAlnum($0) || $0 == "-" }) {
            errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if !value.contains(where: { $0.isASCII && $0.isLowercase }) {
            errors.append("must contain at least one letter (a-z)")
        }
        if value.contains("--") { errors.append("must not contain consecutive hyphens") }
        if value.hasPrefix("-") || value.hasSuffix("-") { errors.append("must not begin or end with a hyphen") }
        return errors
    }

    /// `IsValidPortNum`.
    public static func portNumber(_ value: Int) -> [String] {
        (1...65535).contains(value) ? [] : ["must be between 1 and 65535, inclusive"]
    }

    /// `IsEnvVarName`.
    public static func envVarName(_ value: String) -> [String] {
        var errors: [String] = []
        let valid =
            value.first.map { !$0.isNumber } ?? false
            && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }
        if !valid {
            errors.append(
                regexError(
                    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
                    envVarNameFormat, "my.env-name", "MY_ENV.NAME", "MyEnvName1"))
        }
        if value == "." { errors.append("must not be '.'") }
        if value == ".." {
            errors.append("must not be '..'")
        } else if value.hasPrefix("..") {
            errors.append("must not start with '..'")
        }
        return errors
    }
}
