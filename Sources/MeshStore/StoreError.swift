import MeshCore

/// Why a write was refused, with the reasons kube-apiserver's `Status` uses.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Kubernetes `StatusReason`.
    public enum Reason: String, Sendable, Hashable {
        case notFound = "NotFound"
        case alreadyExists = "AlreadyExists"
        case conflict = "Conflict"
        case invalid = "Invalid"
        case badRequest = "BadRequest"
        case internalError = "InternalError"
        case gone = "Gone"
        /// An admission webhook's denial, which kube-apiserver sends with an empty reason.
        case webhookDenied = ""
    }

    public var reason: Reason
    public var message: String
    public var key: ObjectKey?
    public var causes: [FieldError]

    /// Creates an error.
    public init(_ reason: Reason, _ message: String, key: ObjectKey? = nil, causes: [FieldError] = []) {
        self.reason = reason
        self.message = message
        self.key = key
        self.causes = causes
    }

    /// The HTTP status kube-apiserver answers with.
    public var httpStatus: Int {
        switch reason {
        case .notFound: 404
        case .alreadyExists, .conflict: 409
        case .invalid: 422
        case .badRequest, .webhookDenied: 400
        case .internalError: 500
        case .gone: 410
        }
    }

    /// The message.
    public var description: String { message }
}
