/// `HTTPRedirect`: Envoy answers with a 3xx and a `location` header.
public struct HTTPRedirect: Sendable, Hashable, Codable {
    /// Replaces the whole path.
    public var uri: String?
    /// Replaces the host.
    public var authority: String?
    /// Replaces the port.
    public var port: Int?
    /// `FROM_PROTOCOL_DEFAULT` or `FROM_REQUEST_PORT`.
    public var derivePort: String?
    /// `http` or `https`.
    public var scheme: String?
    /// 301 (default), 302, 303, 307, 308.
    public var redirectCode: Int?
    /// Replaces only the matched prefix (requires prefix matches).
    public var prefixRewrite: String?

    /// Creates a redirect.
    public init(
        uri: String? = nil, authority: String? = nil, port: Int? = nil, scheme: String? = nil,
        redirectCode: Int? = nil
    ) {
        self.uri = uri
        self.authority = authority
        self.port = port
        self.scheme = scheme
        self.redirectCode = redirectCode
    }
}
