import Foundation
import MeshCore

/// A `jsonpath`-like field path: dotted member names, each with an optional `[index]`
/// (`status.conditions[0].type`). Both the `expect` step and `wait: {for: jsonpath=...}` follow it,
/// so the two read objects the same way.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One member name (empty for a bare `[index]`), then an optional array index.
    public struct Segment: Sendable, Hashable {
        /// The member name.
        public var name: String
        /// The array index applied after the member, if any.
        public var index: Int?
    }

    /// The segments, outermost first.
    public let segments: [Segment]
    /// The path as written.
    public let description: String

    /// Parses `status.readyReplicas` or kubectl's `{.status.readyReplicas}`; nil when malformed.
    public init?(_ text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        // Why: kubectl's "relaxed" JSONPath accepts the expression with or without `{}` and the
        // leading dot, so both spellings copied from a kubectl command line work here.
        if body.hasPrefix("{") {
            guard body.hasSuffix("}") else { return nil }
            body = body.dropFirst().dropLast()
        }
        if body.hasPrefix(".") { body = body.dropFirst() }
        guard !body.isEmpty else { return nil }
        var segments: [Segment] = []
        for part in body.split(separator: ".", omittingEmptySubsequences: false) {
            var name = part
            var index: Int?
            if let open = part.firstIndex(of: "[") {
                guard part.hasSuffix("]"),
                    let number = Int(part[part.index(after: open)..<part.index(before: part.endIndex)]), number >= 0
                else { return nil }
                index = number
                name = part[..<open]
            }
            guard !name.isEmpty || index != nil,
                !name.contains(where: { "[]{}()?@*= \"'".contains($0) })
            else { return nil }
            segments.append(Segment(name: String(name), index: index))
        }
        self.segments = segments
        self.description = text
    }

    /// The value at this path in `object`, nil when a member or index is missing.
    public func value(in object: JSONValue) -> JSONValue? {
        var current: JSONValue? = object
        for segment in segments {
            if !segment.name.isEmpty { current = current?[segment.name] }
            if let index = segment.index {
                current = current?.arrayValue.flatMap { $0.indices.contains(index) ? $0[index] : nil }
            }
        }
        return current
    }
}
