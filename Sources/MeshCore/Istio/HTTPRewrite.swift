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
