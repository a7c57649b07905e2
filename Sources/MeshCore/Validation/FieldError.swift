/// One validation failure: the field path in kubectl form and Kubernetes' message for it
/// (`spec.replicas` / `Invalid value: -1: must be greater than or equal to 0`).
public struct FieldError: Error, Sendable, Hashable {
    /// The field, such as `spec.template.spec.containers[0].image`.
    public var path: String
    /// The cause text as the API server words it (`Required value`, `Invalid value: ...`).
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}
