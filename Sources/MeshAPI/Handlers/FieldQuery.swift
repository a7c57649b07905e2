import MeshCore

/// `fieldSelector` as kube-apiserver supports it: `metadata.name=x`, `spec.nodeName=n`, `status.phase!=Running`.
struct FieldQuery: Sendable {
    private var terms: [(path: [String], value: String, equal: Bool)] = []

    init(_ text: String?) {
        guard let text, !text.isEmpty else { return }
        for part in text.split(separator: ",") {
            let piece = String(part)
            if let range = piece.range(of: "!=") {
                terms.append(
                    (
                        piece[..<range.lowerBound].split(separator: ".").map(String.init),
                        String(piece[range.upperBound...]), false
                    ))
            } else if let range = piece.range(of: "==") ?? piece.range(of: "=") {
                terms.append(
                    (
                        piece[..<range.lowerBound].split(separator: ".").map(String.init),
                        String(piece[range.upperBound...]), true
                    ))
            }
        }
    }

    /// The `field=value` terms, by dotted path (what the store can filter on before decoding).
    var equalities: [String: String] {
        var result: [String: String] = [:]
        for term in terms where term.equal { result[term.path.joined(separator: ".")] = term.value }
        return result
    }

    /// Whether there is nothing to match.
    var isEmpty: Bool { terms.isEmpty }

    func matches(_ json: JSONValue) -> Bool {
        for term in terms {
            let value = json.value(at: term.path)
            let text: String
            switch value {
            case .string(let string)?: text = string
            case .int(let int)?: text = String(int)
            case .bool(let bool)?: text = String(bool)
            default: text = ""
            }
            if (text == term.value) != term.equal { return false }
        }
        return true
    }
}
