import MeshCore
import Yams

/// Maps each field path of one document (`spec.template.spec.containers[0].image`) to its line.
struct SourceMap: Sendable, Hashable {
    /// Path to 1-based line (of the key, for mapping members).
    var lines: [String: Int] = [:]
    /// Path to the text as written, for scalars YAML resolved to a number or boolean (`1.10`, `yes`).
    var rawScalars: [String: String] = [:]

    /// The line of `path`, or of its nearest ancestor that has one.
    func line(for path: String) -> Int? {
        var current = path
        while true {
            if let line = lines[current] { return line }
            guard !current.isEmpty else { return nil }
            current = FieldPath.parent(of: current)
        }
    }
}

/// Field paths in kubectl's notation: members joined with `.`, elements as `[i]`.
enum FieldPath {
    /// `parent.key`.
    static func member(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }

    /// `parent[index]`.
    static func element(_ parent: String, _ index: Int) -> String { "\(parent)[\(index)]" }

    /// Drops the last component (`a.b[0]` -> `a.b`, `a.b` -> `a`, `a` -> ``).
    static func parent(of path: String) -> String {
        if path.hasSuffix("]"), let open = path.lastIndex(of: "[") { return String(path[..<open]) }
        if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
        return ""
    }
}

/// One YAML document as a JSON tree plus the line of every path in it.
struct YAMLTree {
    /// The document as JSON, resolved the way kubectl's YAML-to-JSON conversion resolves it (YAML 1.1 scalars).
    var value: JSONValue
    /// Field path to line.
    var sourceMap: SourceMap
    /// Where the document's root node starts.
    var startLine: Int
    /// True when the document expanded past `maxValues` (an alias bomb); `value` is then incomplete.
    var truncated: Bool

    /// Why a cap: YAML aliases can make a small file expand exponentially ("billion laughs").
    static let maxValues = 250_000

    /// Converts a composed node; `lineOffset` shifts lines of a document cut out of a larger file.
    init(node: Yams.Node, lineOffset: Int) {
        var map = SourceMap()
        var budget = Self.maxValues
        value = Self.convert(node, path: "", lineOffset: lineOffset, map: &map, budget: &budget)
        truncated = budget < 0
        startLine = (node.mark?.line ?? 1) + lineOffset
        map.lines[""] = startLine
        sourceMap = map
    }

    private static func convert(
        _ node: Yams.Node, path: String, lineOffset: Int, map: inout SourceMap, budget: inout Int
    ) -> JSONValue {
        budget -= 1
        guard budget >= 0 else { return .null }
        if map.lines[path] == nil, let line = node.mark?.line { map.lines[path] = line + lineOffset }
        switch node {
        case .scalar(let scalar):
            let value = scalarValue(node, scalar)
            if value.stringValue == nil, value != .null { map.rawScalars[path] = scalar.string }
            return value
        case .sequence(let sequence):
            return .array(
                sequence.enumerated().map { index, child in
                    convert(
                        child, path: FieldPath.element(path, index), lineOffset: lineOffset, map: &map, budget: &budget)
                })
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            var merged: [Yams.Node] = []
            for (key, child) in mapping {
                let name = key.string ?? ""
                if Resolver.default.resolveTag(of: key) == .merge {
                    merged.append(child)
                    continue
                }
                let childPath = FieldPath.member(path, name)
                if let line = key.mark?.line { map.lines[childPath] = line + lineOffset }
                members[name] = convert(child, path: childPath, lineOffset: lineOffset, map: &map, budget: &budget)
            }
            // YAML merge keys (`<<: *defaults`): explicit members win, as in go-yaml.
            for source in merged.flatMap({ $0.sequence.map(Array.init) ?? [$0] }) {
                guard
                    case .object(let extra) = convert(
                        source, path: path, lineOffset: lineOffset, map: &map, budget: &budget)
                else { continue }
                for (key, value) in extra where members[key] == nil { members[key] = value }
            }
            return .object(members)
        case .alias:
            return .null
        }
    }

    private static func scalarValue(_ node: Yams.Node, _ scalar: Yams.Node.Scalar) -> JSONValue {
        switch Resolver.default.resolveTag(of: node) {
        case .null: return .null
        case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
        case .int: return node.int.map(JSONValue.int) ?? .string(scalar.string)
        case .float:
            guard let value = node.float, value.isFinite else { return .string(scalar.string) }
            return .double(value)
        default: return .string(scalar.string)
        }
    }
}
