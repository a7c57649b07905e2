/// A manifest that cannot be applied, with everything a beginner needs to find and fix it:
/// file, line (and column for YAML syntax errors), the object, the field path, and a hint.
public struct ManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it (exit codes, tests).
    public enum Reason: String, Sendable, Hashable {
        /// A path that does not exist or cannot be read.
        case unreadable
        /// NUL bytes or invalid UTF-8.
        case binary
        /// Over the API server's 3 MiB request limit.
        case tooLarge
        /// Nothing to apply (empty or comment-only input).
        case noObjects
        /// YAML that does not parse.
        case syntax
        /// A key repeated inside one mapping.
        case duplicateKey
        /// `kind`/`apiVersion`/`metadata` repeated at the top level: two objects without `---`.
        case missingSeparator
        /// No `kind`.
        case missingKind
        /// No `apiVersion`.
        case missingAPIVersion
        /// A document that is a list or a scalar.
        case notAnObject
        /// A kind meshsim does not serve.
        case unknownKind
        /// A served kind in a version that is not served.
        case unsupportedVersion
        /// A key the kind's schema does not have.
        case unknownField
        /// A value of the wrong JSON type.
        case wrongType
        /// A required key is absent.
        case missingField
        /// No `metadata.name`.
        case missingName
        /// Rejected by Kubernetes validation.
        case invalid
    }

    /// The category.
    public var reason: Reason
    /// The path as the user gave it (`STDIN` for `-`).
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known (YAML syntax errors).
    public var column: Int?
    /// The object's kind, when known.
    public var kind: String?
    /// The object's name, when known.
    public var name: String?
    /// The field path in kubectl form (`spec.template.spec.containers[0].image`), when known.
    public var fieldPath: String?
    /// The problem, in kubectl's wording where kubectl has one.
    public var message: String
    /// A suggestion printed after the message (`did you mean "replicas"?`).
    public var hint: String?

    /// Creates an error.
    public init(
        _ reason: Reason, file: String, line: Int? = nil, column: Int? = nil, kind: String? = nil,
        name: String? = nil, fieldPath: String? = nil, message: String, hint: String? = nil
    ) {
        self.reason = reason
        self.file = file
        self.line = line
        self.column = column
        self.kind = kind
        self.name = name
        self.fieldPath = fieldPath
        self.message = message
        self.hint = hint
    }

    /// `Deployment/myapp-v1` when kind and name are known, `Deployment` when only the kind is.
    public var object: String? {
        switch (kind, name) {
        case (let kind?, let name?): "\(kind)/\(name)"
        case (let kind?, nil): kind
        case (nil, let name?): name
        case (nil, nil): nil
        }
    }

    /// `error: myapp.yaml:20: Deployment "myapp-v1": spec.replicas: expected integer, got string "two"`.
    public var description: String {
        var text = "error: \(location): "
        switch (kind, name) {
        case (let kind?, let name?): text += "\(kind) \"\(name)\": "
        case (let kind?, nil): text += "\(kind): "
        case (nil, let name?): text += "\"\(name)\": "
        case (nil, nil): break
        }
        // The field is printed once: kubectl's own wording (`unknown field "spec.x"`) may already quote it.
        if let fieldPath, !message.contains("\"\(fieldPath)\"") { text += "\(fieldPath): " }
        text += message
        if let hint { text += " — \(hint)" }
        return text
    }

    /// `file`, `file:line` or `file:line:column`.
    public var location: String {
        guard let line else { return file }
        guard let column else { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }
}
