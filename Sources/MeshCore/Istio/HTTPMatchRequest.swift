/// `HTTPMatchRequest`: conditions ANDed within one block.
public struct HTTPMatchRequest: Sendable, Hashable, Codable {
    /// Match name (appended to the route name).
    public var name: String?
    /// Path match (query string stripped).
    public var uri: StringMatch?
    /// `:scheme` match.
    public var scheme: StringMatch?
    /// `:method` match.
    public var method: StringMatch?
    /// `:authority` match.
    public var authority: StringMatch?
    /// Header matches (lower-case names); an empty matcher means "present".
    public var headers: [String: StringMatch]?
    /// Inverse header matches.
    public var withoutHeaders: [String: StringMatch]?
    /// Query parameter matches.
    public var queryParams: [String: StringMatch]?
    /// Config-time filter on the gateway/listener port.
    public var port: Int?
    /// Config-time filter on the client proxy's labels.
    public var sourceLabels: [String: String]?
    /// Config-time filter on the client proxy's namespace.
    public var sourceNamespace: String?
    /// Gateways this match applies to (overrides the VirtualService's).
    public var gateways: [String]?
    /// Case-insensitive `uri` exact/prefix match.
    public var ignoreUriCase: Bool?
    /// Stat prefix, cosmetic.
    public var statPrefix: String?

    /// Creates a match block.
    public init(
        name: String? = nil, uri: StringMatch? = nil, scheme: StringMatch? = nil, method: StringMatch? = nil,
        authority: StringMatch? = nil, headers: [String: StringMatch]? = nil,
        withoutHeaders: [String: StringMatch]? = nil, queryParams: [String: StringMatch]? = nil, port: Int? = nil,
        sourceLabels: [String: String]? = nil, gateways: [String]? = nil, ignoreUriCase: Bool? = nil
    ) {
        self.name = name
        self.uri = uri
        self.scheme = scheme
        self.method = method
        self.authority = authority
        self.headers = headers
        self.withoutHeaders = withoutHeaders
        self.queryParams = queryParams
        self.port = port
        self.sourceLabels = sourceLabels
        self.gateways = gateways
        self.ignoreUriCase = ignoreUriCase
    }
}

/// `StringMatch`: one of `exact`, `prefix`, `regex` (RE2, full match). All absent = "present".
public struct StringMatch: Sendable, Hashable, Codable {
    /// Exact value.
    public var exact: String?
    /// Raw string prefix.
    public var prefix: String?
    /// RE2 regex matching the whole value.
    public var regex: String?

    /// Creates a matcher; pass one of the three.
    public init(exact: String? = nil, prefix: String? = nil, regex: String? = nil) {
        self.exact = exact
        self.prefix = prefix
        self.regex = regex
    }

    /// `exact:` matcher.
    public static func exact(_ value: String) -> StringMatch { StringMatch(exact: value) }
    /// `prefix:` matcher.
    public static func prefix(_ value: String) -> StringMatch { StringMatch(prefix: value) }
    /// `regex:` matcher.
    public static func regex(_ value: String) -> StringMatch { StringMatch(regex: value) }

    /// True when no matcher is set (header presence).
    public var isEmpty: Bool { exact == nil && prefix == nil && regex == nil }

    /// `exact: /a`, `prefix: /`, `regex: .*`, the form istioctl prints.
    public var summary: String {
        if let exact { return "exact \(exact)" }
        if let prefix { return "prefix \(prefix)" }
        if let regex { return "regex \(regex)" }
        return "present"
    }
}
