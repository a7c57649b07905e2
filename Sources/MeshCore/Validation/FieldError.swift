/// One validation failure: the field path and Kubernetes' message for it.
public struct FieldError: Error, Sendable, Hashable {
    /// Dotted field path, e.g. `spec.template.spec.containers[0].image`.
    public var path: String
    /// The message, as the API server words it.
    public var message: String

    /// Creates a field error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}
