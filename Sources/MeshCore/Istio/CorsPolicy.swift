/// `CorsPolicy`, accepted and kept (the data plane may answer preflights from it).
public struct CorsPolicy: Sendable, Hashable, Codable {
    /// Allowed origins.
    public var allowOrigins: [StringMatch]?
    /// Deprecated exact origins.
    public var allowOrigin: [String]?
    /// Allowed methods.
    public var allowMethods: [String]?
    /// Allowed headers.
    public var allowHeaders: [String]?
    /// Exposed headers.
    public var exposeHeaders: [String]?
    /// Preflight cache duration.
    public var maxAge: String?
    /// Allow credentials.
    public var allowCredentials: Bool?
    /// `FORWARD` or `IGNORE`.
    public var unmatchedPreflights: String?

    /// Creates an empty policy.
    public init() {}
}
