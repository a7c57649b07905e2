import MeshCore

/// A route's `corsPolicy`, as Envoy's CORS filter applies it (reference §3.11): allowed preflights are
/// answered by the proxy; actual requests from allowed origins get `access-control-*` response headers.
struct CompiledCors: Sendable {
    let origins: [CompiledStringMatch]
    let allowMethods: String?
    let allowHeaders: String?
    let exposeHeaders: String?
    let maxAgeSeconds: Int?
    let allowCredentials: Bool
    /// `unmatchedPreflights: IGNORE`: answer unmatched preflights without CORS headers instead of forwarding.
    let ignoreUnmatchedPreflights: Bool

    init?(_ policy: CorsPolicy?) {
        guard let policy else { return nil }
        var origins = (policy.allowOrigins ?? []).compactMap { CompiledStringMatch($0) }
        // Why: the deprecated `allowOrigin` list is exact origins, `*` meaning any.
        origins += (policy.allowOrigin ?? []).compactMap {
            $0 == "*" ? CompiledStringMatch(StringMatch()) : CompiledStringMatch(.exact($0))
        }
        self.origins = origins
        allowMethods = policy.allowMethods.map { $0.joined(separator: ",") }
        allowHeaders = policy.allowHeaders.map { $0.joined(separator: ",") }
        exposeHeaders = policy.exposeHeaders.map { $0.joined(separator: ",") }
        maxAgeSeconds = policy.maxAge.flatMap(IstioDuration.milliseconds).map { $0 / 1_000 }
        allowCredentials = policy.allowCredentials ?? false
        ignoreUnmatchedPreflights = policy.unmatchedPreflights == "IGNORE"
    }

    func allows(_ origin: String) -> Bool { origins.contains { $0.matches(origin[...]) } }

    /// The proxy's answer to a preflight, or nil when the preflight is forwarded upstream.
    func preflight(origin: String) -> LocalReply? {
        guard allows(origin) else {
            return ignoreUnmatchedPreflights ? LocalReply(status: 200, details: "cors_response") : nil
        }
        var headers = ["access-control-allow-origin": origin]
        headers["access-control-allow-methods"] = allowMethods
        headers["access-control-allow-headers"] = allowHeaders
        headers["access-control-max-age"] = maxAgeSeconds.map(String.init)
        if allowCredentials { headers["access-control-allow-credentials"] = "true" }
        return LocalReply(status: 200, headers: headers, details: "cors_response")
    }

    /// Response headers for an actual request from `origin` (empty when the origin is not allowed).
    func responseHeaders(origin: String) -> [String: String] {
        guard allows(origin) else { return [:] }
        var headers = ["access-control-allow-origin": origin]
        headers["access-control-expose-headers"] = exposeHeaders
        if allowCredentials { headers["access-control-allow-credentials"] = "true" }
        return headers
    }
}
