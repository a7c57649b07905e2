import MeshCore

/// An input key the typed model does not know.
struct UnknownField: Sendable, Hashable {
    /// kubectl-style path of the key (`spec.replica`).
    var path: String
    /// The nearest known field at the same level, when close enough to be a typo.
    var suggestion: String?
}

/// Finds keys that do not survive a decode/encode round trip.
///
/// Why: kubectl 1.27+ applies with `--validate=strict`, and the API server answers
/// `strict decoding error: unknown field "spec.replica"`. A typed struct silently drops such keys, so
/// any input key whose non-null value is missing after re-encoding was unknown.
enum UnknownFieldDetector {
    /// Every unknown key, outermost only (keys under an unknown key are not reported again).
    static func unknownFields(input: JSONValue, decoded: JSONValue, typed: Any) -> [UnknownField] {
        var found: [UnknownField] = []
        walk(input: input, output: decoded, path: "", typed: typed, found: &found)
        return found
    }

    private static func walk(
        input: JSONValue, output: JSONValue, path: String, typed: Any?, found: inout [UnknownField]
    ) {
        switch (input, output) {
        case (.object(let inMembers), .object(let outMembers)):
            for key in inMembers.keys.sorted() {
                guard let value = inMembers[key], value != .null else { continue }
                let childPath = FieldPath.member(path, key)
                guard let survived = outMembers[key] else {
                    let known = typed.map(FieldNames.storedFieldNames(of:)) ?? []
                    found.append(UnknownField(path: childPath, suggestion: FieldSuggester.suggest(key, among: known)))
                    continue
                }
                walk(
                    input: value, output: survived, path: childPath, typed: typed.flatMap { FieldNames.child($0, key) },
                    found: &found)
            }
        case (.array(let inElements), .array(let outElements)):
            for (index, element) in inElements.enumerated() where index < outElements.count {
                walk(
                    input: element, output: outElements[index], path: FieldPath.element(path, index),
                    typed: typed.flatMap { FieldNames.element($0, index) }, found: &found)
            }
        default:
            return
        }
    }
}

/// Reads field names off typed values with `Mirror`, so suggestions follow the model without a schema table.
enum FieldNames {
    /// The wire names of a struct's stored properties (`protocol_` is written `protocol`).
    static func storedFieldNames(of value: Any) -> [String] {
        guard let value = unwrap(value) else { return [] }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .struct else { return [] }
        return mirror.children.compactMap { child in
            child.label.map { $0.hasSuffix("_") ? String($0.dropLast()) : $0 }
        }
    }

    /// The stored property whose wire name is `key`.
    static func child(_ value: Any, _ key: String) -> Any? {
        guard let value = unwrap(value) else { return nil }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .struct else { return nil }
        return mirror.children.first { $0.label == key || $0.label == key + "_" }?.value
    }

    /// Element `index` of an array value.
    static func element(_ value: Any, _ index: Int) -> Any? {
        guard let value = unwrap(value) else { return nil }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .collection else { return nil }
        return mirror.children.dropFirst(index).first?.value
    }

    /// Looks through `Optional` and existential wrappers.
    private static func unwrap(_ value: Any) -> Any? {
        var current = value
        while true {
            let mirror = Mirror(reflecting: current)
            guard mirror.displayStyle == .optional else { return current }
            guard let some = mirror.children.first?.value else { return nil }
            current = some
        }
    }
}

/// Suggests the nearest known name for a misspelt one.
enum FieldSuggester {
    /// The closest candidate when it differs only in case, or by an edit distance of at most 2 (1 for short names).
    static func suggest(_ name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        if let sameCase = candidates.first(where: { $0.lowercased() == lowered }) { return sameCase }
        let limit = name.count <= 4 ? 1 : 2
        let scored = candidates.map { ($0, distance(lowered, $0.lowercased())) }.filter { $0.1 <= limit }
        return scored.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0
    }

    /// Levenshtein distance.
    static func distance(_ left: String, _ right: String) -> Int {
        let a = Array(left)
        let b = Array(right)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
}
