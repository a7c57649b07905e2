/// One validation failure: the field's path and a message in the upstream validator's words.
public struct FieldError: Error, Sendable, Hashable {
    /// Field path, e.g. `spec.http[0].route[1].weight`.
    public var path: String
    /// The message as the upstream validator words it.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}
