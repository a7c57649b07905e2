import MeshCore

/// Renders JSON trees as `kubectl get -o yaml` prints them.
///
/// Why this shape: kubectl converts JSON to YAML with sigs.k8s.io/yaml, i.e. go-yaml v2: keys sorted in its
/// "natural" order, 2-space indentation, sequences of a mapping written at the key's own indentation, and
/// strings quoted only when they would otherwise read back as another type (`"80"`, `"true"`, `""`) or
/// cannot be plain (`'*'`), and long plain or single-quoted strings folded past column 80 as go-yaml's emitter does.
public enum KubectlYAML {
    /// One object (or any value) as a YAML document, ending in a newline.
    public static func render(_ value: JSONValue) -> String {
        var out = ""
        switch value {
        case .object(let members) where !members.isEmpty: writeMapping(members, indent: 0, into: &out)
        case .array(let elements) where !elements.isEmpty: writeSequence(elements, indent: 0, into: &out)
        default: out = inline(value) + "\n"
        }
        return out
    }

    /// Several objects as kubectl's `kind: List` wrapper (what `get -o yaml` prints for more than one object).
    public static func renderList(_ items: [JSONValue]) -> String {
        render(
            .object([
                "apiVersion": .string("v1"), "items": .array(items), "kind": .string("List"),
                "metadata": .object(["resourceVersion": .string("")]),
            ]))
    }

    /// Several objects as a multi-document stream separated by `---`.
    public static func renderDocuments(_ documents: [JSONValue]) -> String {
        documents.map(render).joined(separator: "---\n")
    }

    // MARK: - Writers

    /// `continuing`: the first line goes on a `- ` line the caller already wrote.
    private static func writeMapping(
        _ members: [String: JSONValue], indent: Int, continuing: Bool = false, into out: inout String
    ) {
        let pad = String(repeating: " ", count: indent)
        var first = true
        for key in members.keys.sorted(by: YAMLKeyOrder.less) {
            if !(first && continuing) { out += pad }
            first = false
            out += YAMLScalar.string(key) + ":"
            writeValue(members[key] ?? .null, indent: indent, sequenceIndent: indent, into: &out)
        }
    }

    /// Writes what follows `key:`; nested mappings indent by 2, sequences stay at the key's indentation.
    private static func writeValue(_ value: JSONValue, indent: Int, sequenceIndent: Int, into out: inout String) {
        switch value {
        case .object(let members) where !members.isEmpty:
            out += "\n"
            writeMapping(members, indent: indent + 2, into: &out)
        case .array(let elements) where !elements.isEmpty:
            out += "\n"
            writeSequence(elements, indent: sequenceIndent, into: &out)
        case .string(let text) where YAMLScalar.needsLiteralBlock(text):
            out += " " + YAMLScalar.literalBlock(text, indent: indent + 2)
        case .string(let text):
            out += " " + YAMLScalar.folded(text, column: column(of: out) + 1, indent: indent + 2) + "\n"
        default:
            out += " " + inline(value) + "\n"
        }
    }

    private static func writeSequence(
        _ elements: [JSONValue], indent: Int, continuing: Bool = false, into out: inout String
    ) {
        let pad = String(repeating: " ", count: indent)
        for (index, element) in elements.enumerated() {
            out += (index == 0 && continuing ? "" : pad) + "- "
            switch element {
            case .object(let members) where !members.isEmpty:
                writeMapping(members, indent: indent + 2, continuing: true, into: &out)
            case .array(let nested) where !nested.isEmpty:
                writeSequence(nested, indent: indent + 2, continuing: true, into: &out)
            case .string(let text) where YAMLScalar.needsLiteralBlock(text):
                out += YAMLScalar.literalBlock(text, indent: indent + 2)
            case .string(let text):
                out += YAMLScalar.folded(text, column: column(of: out), indent: indent + 2) + "\n"
            default:
                out += inline(element) + "\n"
            }
        }
    }

    /// Characters on the last line of `out`.
    private static func column(of out: String) -> Int {
        out.utf8.reversed().prefix { $0 != 0x0A }.count
    }

    /// Scalars and empty collections on one line.
    static func inline(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): YAMLScalar.float(number)
        case .string(let text): YAMLScalar.string(text)
        case .array: "[]"
        case .object: "{}"
        }
    }
}
