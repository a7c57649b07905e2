import MeshCore

/// Where an object sits in its file: for errors with lines.
struct ObjectLocation {
    /// The file as named by the user.
    var file: String
    /// Paths of the whole document to lines.
    var sourceMap: SourceMap
    /// Prefix of this object's paths in the document (`items[2]` inside a `List`, else empty).
    var prefix: String

    /// The line of an object-relative path.
    func line(_ path: String) -> Int? { sourceMap.line(for: full(path)) }

    /// The text as written of a number or boolean scalar at an object-relative path.
    func rawScalar(_ path: String) -> String? { sourceMap.rawScalars[full(path)] }

    private func full(_ path: String) -> String {
        prefix.isEmpty ? path : (path.isEmpty ? prefix : (path.hasPrefix("[") ? prefix + path : "\(prefix).\(path)"))
    }
}

/// Decodes one JSON object into a typed resource: kind lookup, legacy conversion, typed decoding,
/// unknown fields, required name, and (optionally) server-side validation.
struct ObjectDecoder {
    /// Validation passes run on a defaulted copy (none: no validation).
    var validators: [ManifestDecoder.Validator]

    /// The document, or every problem found in the object.
    func decode(_ object: JSONValue, at location: ObjectLocation) -> Result<ManifestDocument, ManifestErrors> {
        let kind = object["kind"]?.stringValue
        let apiVersion = object["apiVersion"]?.stringValue
        let name = object["metadata"]?["name"]?.stringValue
        func failure(
            _ reason: ManifestError.Reason, _ path: String?, _ message: String, hint: String? = nil,
            lineOf linePath: String? = nil
        ) -> Result<ManifestDocument, ManifestErrors> {
            .failure(
                ManifestErrors([
                    ManifestError(
                        reason, file: location.file, line: location.line(linePath ?? path ?? ""), kind: kind,
                        name: name,
                        fieldPath: path, message: message, hint: hint)
                ]))
        }
        guard let kind, !kind.isEmpty else {
            return failure(
                .missingKind, nil, "Object 'Kind' is missing",
                hint: "every object needs a \"kind:\" line, such as \"kind: Deployment\"")
        }
        guard let type = ResourceRegistry.type(forKind: kind) else {
            return failure(
                .unknownKind, nil, "no matches for kind \"\(kind)\" in version \"\(apiVersion ?? "")\"",
                hint: KindHints.unknownKind(kind), lineOf: "kind")
        }
        guard let apiVersion, !apiVersion.isEmpty else {
            return failure(
                .missingAPIVersion, nil, "Object 'apiVersion' is missing",
                hint: "add \"apiVersion: \(type.resourceKind.apiVersion)\", the version that serves \(kind)")
        }
        guard ResourceRegistry.accepts(apiVersion: apiVersion, for: type) else {
            return failure(
                .unsupportedVersion, nil, "no matches for kind \"\(kind)\" in version \"\(apiVersion)\"",
                hint: "\(kind) is served as \"apiVersion: \(type.resourceKind.apiVersion)\"", lineOf: "apiVersion")
        }
        let (converted, warnings) = LegacyConversion.convert(object, kind: kind, apiVersion: apiVersion)
        let resource: AnyResource
        do {
            resource = try AnyResource.decode(converted, as: type)
        } catch {
            var problem = DecodingErrorTranslator.translate(error, input: converted, raw: location.rawScalar)
            if problem.reason == .missingField, let typo = misspelling(of: problem.path, in: converted) {
                problem = typo
            }
            return failure(problem.reason, problem.path, problem.message, hint: problem.hint)
        }
        let reencoded = (try? resource.json()) ?? .null
        let unknown = UnknownFieldDetector.unknownFields(input: converted, decoded: reencoded, typed: resource.base)
        if !unknown.isEmpty {
            return .failure(
                ManifestErrors(
                    unknown.map { field in
                        ManifestError(
                            .unknownField, file: location.file, line: location.line(field.path), kind: kind, name: name,
                            fieldPath: field.path, message: "unknown field \"\(field.path)\"",
                            hint: field.suggestion.map { "did you mean \"\($0)\"?" })
                    }))
        }
        guard let name, !name.isEmpty else {
            return failure(
                .missingName, "metadata.name", "Required value: name is required",
                hint: "give the object a name under \"metadata:\", such as \"name: my-app\"")
        }
        if !validators.isEmpty {
            let defaulted = KubernetesDefaults.defaulted(resource)
            let causes = validators.flatMap { $0(defaulted) }
            if !causes.isEmpty {
                return .failure(
                    ManifestErrors(
                        causes.map { cause in
                            ManifestError(
                                .invalid, file: location.file, line: location.line(cause.path), kind: kind, name: name,
                                fieldPath: cause.path, message: cause.message)
                        }))
            }
        }
        return .success(
            ManifestDocument(
                resource: resource, source: object, file: location.file, line: location.line("") ?? 1,
                warnings: warnings))
    }

    /// A required key that is absent because a sibling key misspells it (`contianers:` for `containers:`).
    private func misspelling(of path: String, in object: JSONValue) -> FieldProblem? {
        let parent = FieldPath.parent(of: path)
        let missing = String(path.dropFirst(parent.isEmpty ? 0 : parent.count + 1))
        let siblings = (parent.isEmpty ? object : object.value(atKubectlPath: parent))?.objectValue ?? [:]
        guard let typo = siblings.keys.sorted().first(where: { FieldSuggester.suggest($0, among: [missing]) != nil })
        else { return nil }
        let typoPath = FieldPath.member(parent, typo)
        return FieldProblem(
            reason: .unknownField, path: typoPath, message: "unknown field \"\(typoPath)\"",
            hint: "did you mean \"\(missing)\"?")
    }
}

/// Several errors from one object, carried through `Result`.
struct ManifestErrors: Error {
    /// The errors, in the order found.
    var errors: [ManifestError]
    /// Wraps errors.
    init(_ errors: [ManifestError]) { self.errors = errors }
}

/// Hints for kinds meshsim does not serve.
enum KindHints {
    /// `did you mean "Deployment"?` for near misses, else the list of served kinds.
    static func unknownKind(_ kind: String) -> String {
        let kinds = ResourceRegistry.kinds.map(\.kind)
        if let type = ResourceRegistry.type(forName: kind) { return "did you mean \"\(type.resourceKind.kind)\"?" }
        if let near = FieldSuggester.suggest(kind, among: kinds) { return "did you mean \"\(near)\"?" }
        return "meshsim serves \(kinds.joined(separator: ", ")); ensure CRDs are installed first"
    }
}
