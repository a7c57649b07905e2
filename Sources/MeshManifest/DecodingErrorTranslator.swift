import MeshCore

/// A typed-decoding failure, reduced to a field path and a sentence (`expected integer, got string "two"`).
struct FieldProblem: Sendable, Hashable {
    /// What kind of failure.
    var reason: ManifestError.Reason
    /// kubectl-style path.
    var path: String
    /// The sentence.
    var message: String
    /// Advice, if any.
    var hint: String?
}

/// Translates Swift `DecodingError`s into `FieldProblem`s, looking at the input for the offending value.
enum DecodingErrorTranslator {
    /// Fields of `IntOrString` type, where either form is accepted.
    static let intOrStringFields: Set<String> = ["targetPort", "maxSurge", "maxUnavailable"]

    /// The problem for `error`, raised while decoding `input`; `raw` gives the text as written of a scalar
    /// that YAML turned into a number or boolean.
    static func translate(
        _ error: any Error, input: JSONValue, raw: (String) -> String? = { _ in nil }
    ) -> FieldProblem {
        guard let error = error as? DecodingError else {
            return FieldProblem(reason: .wrongType, path: "", message: "cannot be decoded")
        }
        switch error {
        case .typeMismatch(let type, let context):
            let path = kubectlPath(context.codingPath)
            var expected = expectedName(type)
            if expected == "string", let last = context.codingPath.last?.stringValue,
                intOrStringFields.contains(last)
            {
                expected = "integer or string"
            }
            return mismatch(
                path: path, expected: expected, value: value(at: context.codingPath, in: input), raw: raw(path))
        case .valueNotFound(let type, let context):
            let path = kubectlPath(context.codingPath)
            return mismatch(
                path: path, expected: expectedName(type), value: value(at: context.codingPath, in: input),
                raw: raw(path))
        case .keyNotFound(let key, let context):
            let path = FieldPath.member(kubectlPath(context.codingPath), key.stringValue)
            return FieldProblem(reason: .missingField, path: path, message: "Required value")
        case .dataCorrupted(let context):
            let path = kubectlPath(context.codingPath)
            let found = value(at: context.codingPath, in: input)
            guard let found, case .double = found else {
                return FieldProblem(reason: .wrongType, path: path, message: "invalid value")
            }
            return mismatch(path: path, expected: "integer", value: found, raw: raw(path))
        @unknown default:
            return FieldProblem(reason: .wrongType, path: "", message: "cannot be decoded")
        }
    }

    /// The input value a coding path points at (map keys may contain dots, so not via the path string).
    private static func value(at codingPath: [any CodingKey], in input: JSONValue) -> JSONValue? {
        var current: JSONValue? = input
        for key in codingPath {
            if let index = key.intValue, let array = current?.arrayValue {
                current = array.indices.contains(index) ? array[index] : nil
            } else {
                current = current?[key.stringValue]
            }
        }
        return current
    }

    private static func mismatch(path: String, expected: String, value: JSONValue?, raw: String?) -> FieldProblem {
        guard let value else {
            return FieldProblem(reason: .wrongType, path: path, message: "expected \(expected)")
        }
        let got = describe(value, raw: raw)
        var hint: String?
        if expected == "string", let text = raw ?? scalarText(value) {
            // YAML turned `80`, `yes` or `1.10` into a number or boolean; quoting keeps the text.
            hint = "quote the value to keep it as text: \"\(text)\""
        } else if expected == "integer", case .string(let text) = value, Int(text) != nil {
            hint = "remove the quotes: \(text)"
        } else if expected == "a list", case .object = value {
            hint = "a list needs \"- \" before each item"
        }
        return FieldProblem(reason: .wrongType, path: path, message: "expected \(expected), got \(got)", hint: hint)
    }

    /// `string "two"`, `number 80`, `boolean true`, `object`, `array`, `null`.
    /// Numbers and booleans are shown as written when `raw` is known (`number 1.10`, `boolean yes`).
    static func describe(_ value: JSONValue, raw: String? = nil) -> String {
        switch value {
        case .string(let text): "string \"\(text)\""
        case .int(let number): "number \(raw ?? String(number))"
        case .double(let number): "number \(raw ?? String(number))"
        case .bool(let flag): "boolean \(raw ?? String(flag))"
        case .null: "null"
        case .array: "a list"
        case .object: "a mapping (object)"
        }
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        default: nil
        }
    }

    private static func expectedName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Int") || name.hasPrefix("UInt") { return "integer" }
        if name == "Double" || name == "Float" { return "number" }
        if name == "Bool" { return "boolean" }
        if name == "String" { return "string" }
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "a mapping (object)" }
        return "a mapping (object)"
    }

    /// `spec.template.spec.containers[0].ports[0].containerPort` from a coding path.
    static func kubectlPath(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                path = FieldPath.element(path, index)
            } else {
                path = FieldPath.member(path, key.stringValue)
            }
        }
        return path
    }
}

extension JSONValue {
    /// Follows a kubectl-style path (`a.b[0].c`); map keys containing dots are not addressable this way.
    func value(atKubectlPath path: String) -> JSONValue? {
        var current: JSONValue? = self
        for component in KubectlPathComponent.parse(path) {
            switch component {
            case .member(let key): current = current?[key]
            case .element(let index):
                guard let array = current?.arrayValue, array.indices.contains(index) else { return nil }
                current = array[index]
            }
        }
        return current
    }
}

/// A piece of a kubectl-style field path.
enum KubectlPathComponent: Hashable {
    case member(String)
    case element(Int)

    /// Splits `a.b[0].c` into components.
    static func parse(_ path: String) -> [KubectlPathComponent] {
        var components: [KubectlPathComponent] = []
        for part in path.split(separator: ".") {
            var rest = Substring(part)
            if let open = rest.firstIndex(of: "[") {
                if open > rest.startIndex { components.append(.member(String(rest[..<open]))) }
                rest = rest[open...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) {
                        components.append(.element(index))
                    }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                components.append(.member(String(rest)))
            }
        }
        return components
    }
}
