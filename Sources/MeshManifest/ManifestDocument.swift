import MeshCore

/// One object decoded from a manifest, with where it came from.
public struct ManifestDocument: Sendable, Hashable {
    /// The typed object, converted to the stored API version (legacy Deployments become `apps/v1`),
    /// not yet defaulted: defaulting and validation are the server's job.
    public var resource: AnyResource
    /// The object exactly as written (after YAML-to-JSON conversion), for
    /// `kubectl.kubernetes.io/last-applied-configuration`.
    public var source: JSONValue
    /// The file as the user named it (`STDIN` for `-`).
    public var file: String
    /// The 1-based line where the object starts.
    public var line: Int
    /// Deprecation warnings, each ready to print on stderr as kubectl does (`Warning: ...`).
    public var warnings: [String]

    /// Creates a document.
    public init(resource: AnyResource, source: JSONValue, file: String, line: Int, warnings: [String] = []) {
        self.resource = resource
        self.source = source
        self.file = file
        self.line = line
        self.warnings = warnings
    }
}

/// The result of decoding a whole file without stopping at the first bad object, as kubectl
/// reports every failing object of a multi-document file.
public struct ManifestDecoding: Sendable, Hashable {
    /// The objects that decoded cleanly, in file order.
    public var documents: [ManifestDocument]
    /// One error per object that did not (or one for the whole file when it cannot be read).
    public var errors: [ManifestError]

    /// Creates a result.
    public init(documents: [ManifestDocument] = [], errors: [ManifestError] = []) {
        self.documents = documents
        self.errors = errors
    }
}
