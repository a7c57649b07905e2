/// `HTTPDirectResponse`: a fixed reply.
public struct HTTPDirectResponse: Sendable, Hashable, Codable {
    /// HTTP status.
    public var status: Int?
    /// Body.
    public var body: HTTPBody?

    /// Creates a direct response.
    public init(status: Int?, body: String? = nil) {
        self.status = status
        self.body = body.map { HTTPBody(string: $0) }
    }
}

/// `HTTPBody`: `string` or base64 `bytes`.
public struct HTTPBody: Sendable, Hashable, Codable {
    /// Text body.
    public var string: String?
    /// Base64-encoded body.
    public var bytes: String?

    /// Creates a body.
    public init(string: String? = nil, bytes: String? = nil) {
        self.string = string
        self.bytes = bytes
    }
}
