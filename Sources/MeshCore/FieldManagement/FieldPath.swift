import Foundation

/// One step of a field path, as structured-merge-diff's `fieldpath.PathElement`.
public enum PathElement: Sendable, Hashable, Comparable {
    /// A member of a map or struct (`f:name` in FieldsV1).
    case field(String)
    /// An item of an associative list, by its key fields (`k:{"name":"web"}`).
    case key([String: JSONValue])
    /// A value of a set-like list of scalars (`v:"finalizer"`).
    case value(JSONValue)

    /// The FieldsV1 member name: `f:replicas`, `k:{"name":"web"}`, `v:"x"`.
    public var fieldsV1Key: String {
        switch self {
        case .field(let name): "f:" + name
        case .key(let fields): "k:" + Self.compact(.object(fields))
        case .value(let value): "v:" + Self.compact(value)
        }
    }

    /// Parses a FieldsV1 member name; nil for `.` and unknown prefixes.
    public init?(fieldsV1Key key: String) {
        let body = String(key.dropFirst(2))
        if key.hasPrefix("f:") {
            self = .field(body)
        } else if key.hasPrefix("k:"),
            let value = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(body.utf8)),
            let fields = value.objectValue
        {
            self = .key(fields)
        } else if key.hasPrefix("v:"), let value = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(body.utf8))
        {
            self = .value(value)
        } else {
            return nil
        }
    }

    /// Orders as FieldsV1 member names sort.
    public static func < (lhs: PathElement, rhs: PathElement) -> Bool { lhs.fieldsV1Key < rhs.fieldsV1Key }

    static func compact(_ value: JSONValue) -> String {
        String(decoding: (try? JSONCoding.encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}

/// A path from the object's root to one owned field (`.spec.template.spec.containers[name="web"].image`).
public struct FieldPath: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The steps, outermost first.
    public var elements: [PathElement]

    /// Creates a path.
    public init(_ elements: [PathElement]) { self.elements = elements }

    /// The path with one more step.
    public func appending(_ element: PathElement) -> FieldPath { FieldPath(elements + [element]) }

    /// Whether `self` starts with `prefix` (equal paths included).
    public func hasPrefix(_ prefix: FieldPath) -> Bool {
        elements.count >= prefix.elements.count && Array(elements.prefix(prefix.elements.count)) == prefix.elements
    }

    /// structured-merge-diff's `Path.String()`, the form conflict messages use.
    public var description: String {
        elements.map { element in
            switch element {
            case .field(let name): "." + name
            case .key(let fields):
                "["
                    + fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(PathElement.compact($0.value))" }
                    .joined(separator: ",") + "]"
            case .value(let value): "[=" + PathElement.compact(value) + "]"
            }
        }.joined()
    }

    /// Orders element by element.
    public static func < (lhs: FieldPath, rhs: FieldPath) -> Bool {
        for (left, right) in zip(lhs.elements, rhs.elements) where left != right { return left < right }
        return lhs.elements.count < rhs.elements.count
    }
}
