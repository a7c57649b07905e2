import Foundation

/// Kubernetes `metav1.LabelSelector`: `matchLabels` plus `matchExpressions`.
public struct LabelSelector: Sendable, Hashable, Codable {
    public var matchLabels: [String: String]?
    public var matchExpressions: [LabelSelectorRequirement]?

    /// Creates a selector from exact labels.
    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// True when the selector selects nothing special: Kubernetes treats an empty selector as "everything".
    public var isEmpty: Bool {
        (matchLabels ?? [:]).isEmpty && (matchExpressions ?? []).isEmpty
    }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]?) -> Bool {
        let labels = labels ?? [:]
        for (key, value) in matchLabels ?? [:] where labels[key] != value { return false }
        for requirement in matchExpressions ?? [] where !requirement.matches(labels) { return false }
        return true
    }

    /// The selector as kubectl prints it (`app=myapp,version=v1`).
    public var description: String {
        var parts = (matchLabels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for requirement in matchExpressions ?? [] {
            let values = requirement.values ?? []
            switch requirement.operator {
            case "In": parts.append("\(requirement.key) in (\(values.joined(separator: ",")))")
            case "NotIn": parts.append("\(requirement.key) notin (\(values.joined(separator: ",")))")
            case "Exists": parts.append(requirement.key)
            case "DoesNotExist": parts.append("!\(requirement.key)")
            default: parts.append("\(requirement.key) \(requirement.operator)")
            }
        }
        return parts.joined(separator: ",")
    }
}

/// One `matchExpressions` entry.
public struct LabelSelectorRequirement: Sendable, Hashable, Codable {
    public var key: String
    public var `operator`: String
    public var values: [String]?

    /// Creates a requirement.
    public init(key: String, operator: String, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    /// Whether `labels` satisfy this requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        switch `operator` {
        case "In": return labels[key].map { (values ?? []).contains($0) } ?? false
        case "NotIn": return labels[key].map { !(values ?? []).contains($0) } ?? true
        case "Exists": return labels[key] != nil
        case "DoesNotExist": return labels[key] == nil
        default: return false
        }
    }
}

/// Label selectors as strings, the syntax of `-l` (`app=myapp,version!=v2,tier in (a,b),!canary`).
public struct LabelQuery: Sendable, Hashable {
    /// One parsed term.
    public enum Term: Sendable, Hashable {
        case equals(String, String)
        case notEquals(String, String)
        case `in`(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
    }

    /// The terms, all of which must hold.
    public var terms: [Term]

    /// Parses a selector string; throws with the offending fragment.
    public init(parsing text: String) throws(LabelQueryError) {
        terms = []
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        while !rest.isEmpty {
            var piece: Substring
            // A set-based term contains parentheses with commas inside; cut after ')'.
            if let open = rest.firstIndex(of: "("),
                rest[..<open].firstIndex(of: ",") == nil,
                let close = rest[open...].firstIndex(of: ")")
            {
                piece = rest[...close]
                rest = rest[rest.index(after: close)...]
            } else if let comma = rest.firstIndex(of: ",") {
                piece = rest[..<comma]
                rest = rest[comma...]
            } else {
                piece = rest
                rest = ""
            }
            if rest.first == "," { rest = rest.dropFirst() }
            piece = Substring(piece.trimmingCharacters(in: .whitespaces))
            guard !piece.isEmpty else { throw LabelQueryError(text: text) }
            terms.append(try Self.term(piece, in: text))
        }
    }

    private static func term(_ piece: Substring, in text: String) throws(LabelQueryError) -> Term {
        let trimmed = { (value: Substring) in String(value.trimmingCharacters(in: .whitespaces)) }
        if let range = piece.range(of: " notin ") ?? piece.range(of: " in ") {
            let key = trimmed(piece[..<range.lowerBound])
            var values = trimmed(piece[range.upperBound...])
            guard values.hasPrefix("("), values.hasSuffix(")") else { throw LabelQueryError(text: text) }
            values = String(values.dropFirst().dropLast())
            let set = Set(values.split(separator: ",").map { trimmed($0) })
            return piece[range].contains("notin") ? .notIn(key, set) : .in(key, set)
        }
        if let range = piece.range(of: "!=") {
            return .notEquals(trimmed(piece[..<range.lowerBound]), trimmed(piece[range.upperBound...]))
        }
        if let range = piece.range(of: "==") ?? piece.range(of: "=") {
            return .equals(trimmed(piece[..<range.lowerBound]), trimmed(piece[range.upperBound...]))
        }
        if piece.hasPrefix("!") { return .doesNotExist(trimmed(piece.dropFirst())) }
        guard !piece.contains(" ") else { throw LabelQueryError(text: text) }
        return .exists(String(piece))
    }

    /// Whether `labels` satisfy every term.
    public func matches(_ labels: [String: String]?) -> Bool {
        let labels = labels ?? [:]
        for term in terms {
            switch term {
            case .equals(let key, let value): if labels[key] != value { return false }
            case .notEquals(let key, let value): if labels[key] == value { return false }
            case .in(let key, let values): if !(labels[key].map(values.contains) ?? false) { return false }
            case .notIn(let key, let values): if labels[key].map(values.contains) ?? false { return false }
            case .exists(let key): if labels[key] == nil { return false }
            case .doesNotExist(let key): if labels[key] != nil { return false }
            }
        }
        return true
    }
}

/// A label selector string that could not be parsed.
public struct LabelQueryError: Error, Sendable, CustomStringConvertible {
    /// The text as given.
    public var text: String
    /// kubectl's wording.
    public var description: String { "unable to parse requirement: invalid label selector \"\(text)\"" }
}
