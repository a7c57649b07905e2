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

/// `HTTPRewrite`: path and authority rewrites before forwarding.
public struct HTTPRewrite: Sendable, Hashable, Codable {
    /// Replaces the matched prefix (prefix match) or the whole path.
    public var uri: String?
    /// Replaces the Host sent upstream.
    public var authority: String?
    /// RE2 substitution over the path.
    public var uriRegexRewrite: RegexRewrite?

    /// Creates a rewrite.
    public init(uri: String? = nil, authority: String? = nil, uriRegexRewrite: RegexRewrite? = nil) {
        self.uri = uri
        self.authority = authority
        self.uriRegexRewrite = uriRegexRewrite
    }
}

/// `RegexRewrite {match, rewrite}`.
public struct RegexRewrite: Sendable, Hashable, Codable {
    /// RE2 pattern.
    public var match: String?
    /// Substitution with `\1` groups.
    public var rewrite: String?

    /// Creates a regex rewrite.
    public init(match: String?, rewrite: String?) {
        self.match = match
        self.rewrite = rewrite
    }
}

/// `HTTPRetry`.
public struct HTTPRetry: Sendable, Hashable, Codable {
    /// Retries after the first try; 0 disables.
    public var attempts: Int?
    /// Timeout per attempt.
    public var perTryTimeout: String?
    /// Comma-separated Envoy retry-on tokens or status codes.
    public var retryOn: String?
    /// Retry in other localities.
    public var retryRemoteLocalities: Bool?
    /// Base backoff interval.
    public var backoff: String?
    /// Avoid hosts already tried (default true).
    public var retryIgnorePreviousHosts: Bool?

    /// Creates a retry policy.
    public init(attempts: Int?, perTryTimeout: String? = nil, retryOn: String? = nil) {
        self.attempts = attempts
        self.perTryTimeout = perTryTimeout
        self.retryOn = retryOn
    }
}

/// `HTTPMirrorPolicy`: one of `mirrors[]`.
public struct HTTPMirrorPolicy: Sendable, Hashable, Codable {
    /// Mirror destination.
    public var destination: Destination?
    /// Share of requests mirrored (absent = 100 %).
    public var percentage: Percent?

    /// Creates a mirror policy.
    public init(destination: Destination?, percentage: Percent? = nil) {
        self.destination = destination
        self.percentage = percentage
    }
}

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
