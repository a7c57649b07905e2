import MeshCore

/// One `HTTPMatchRequest` compiled: every condition ANDed (reference §3.3).
struct CompiledMatch: Sendable {
    /// A header (or query parameter) condition.
    struct NamedCondition: Sendable {
        let name: String
        let matcher: CompiledStringMatch
        /// `withoutHeaders`: matches when the header does not match (missing counts as empty).
        let inverted: Bool
    }

    let name: String?
    let uri: CompiledStringMatch?
    let scheme: CompiledStringMatch?
    let method: CompiledStringMatch?
    let authority: CompiledStringMatch?
    let headers: [NamedCondition]
    let queryParams: [NamedCondition]

    /// Keys Envoy treats as pseudo-headers inside `headers:` (Istio ignores them there).
    private static let ignoredHeaderKeys: Set<String> = ["uri", "scheme", "method", "authority"]

    /// Compiles a match block; nil when a regex does not compile.
    init?(_ match: HTTPMatchRequest) {
        name = match.name
        let ignoreCase = match.ignoreUriCase ?? false
        func compile(_ value: StringMatch?, ignoreCase: Bool = false) -> CompiledStringMatch?? {
            guard let value else { return .some(nil) }
            guard let compiled = CompiledStringMatch(value, ignoreCase: ignoreCase) else { return nil }
            return .some(compiled)
        }
        guard let uri = compile(match.uri, ignoreCase: ignoreCase), let scheme = compile(match.scheme),
            let method = compile(match.method), let authority = compile(match.authority)
        else { return nil }
        self.uri = uri
        self.scheme = scheme
        self.method = method
        self.authority = authority
        var headers: [NamedCondition] = []
        for (table, inverted) in [(match.headers, false), (match.withoutHeaders, true)] {
            for (key, value) in (table ?? [:]).sorted(by: { $0.key < $1.key }) {
                let lowered = key.lowercased()
                if Self.ignoredHeaderKeys.contains(lowered) { continue }
                guard let matcher = CompiledStringMatch(value) else { return nil }
                headers.append(NamedCondition(name: lowered, matcher: matcher, inverted: inverted))
            }
        }
        self.headers = headers
        var params: [NamedCondition] = []
        for (key, value) in (match.queryParams ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let matcher = CompiledStringMatch(value) else { return nil }
            params.append(NamedCondition(name: key, matcher: matcher, inverted: false))
        }
        queryParams = params
    }

    /// Istio's `isCatchAllMatch`: only `uri.prefix: /` or `uri.regex: .*` (or nothing at all).
    var isCatchAll: Bool {
        scheme == nil && method == nil && authority == nil && headers.isEmpty && queryParams.isEmpty
            && (uri?.isCatchAllURI ?? true)
    }

    /// Whether the request satisfies every condition.
    func matches(_ view: RequestView) -> Bool { mismatch(view, explain: false) == nil }

    /// The first failing condition in words (`explain`), or nil when everything matches.
    func mismatch(_ view: RequestView, explain: Bool = true) -> String? {
        let request = view.request
        if let uri, !uri.matches(view.path) {
            return explain ? "path \(view.path) does not match uri \(uri.summary)" : ""
        }
        if let scheme, !scheme.matches(request.scheme[...]) {
            return explain ? "scheme \(request.scheme) does not match \(scheme.summary)" : ""
        }
        if let method, !method.matches(request.method[...]) {
            return explain ? "method \(request.method) does not match \(method.summary)" : ""
        }
        if let authority, !authority.matches(request.authority[...]) {
            return explain ? "authority \(request.authority) does not match \(authority.summary)" : ""
        }
        for condition in headers {
            let value = view.header(condition.name)
            if condition.inverted {
                // Why: Envoy's `invert_match` with `treat_missing_header_as_empty` (Istio withoutHeaders).
                if condition.matcher.matches((value ?? "")[...]) && !(value == nil && isPresence(condition)) {
                    return explain ? "header \(condition.name) matches withoutHeaders \(condition.matcher.summary)" : ""
                }
            } else if let value {
                if !condition.matcher.matches(value[...]) {
                    return explain
                        ? "header \(condition.name): \(value) does not match \(condition.matcher.summary)" : ""
                }
            } else {
                return explain ? "header \(condition.name) is missing" : ""
            }
        }
        for condition in queryParams {
            guard let value = view.queryParameter(condition.name) else {
                return explain ? "query parameter \(condition.name) is missing" : ""
            }
            if !condition.matcher.matches(value[...]) {
                return explain
                    ? "query parameter \(condition.name)=\(value) does not match \(condition.matcher.summary)" : ""
            }
        }
        return nil
    }

    private func isPresence(_ condition: NamedCondition) -> Bool {
        if case .present = condition.matcher.kind { return true }
        return false
    }

    /// istioctl's MATCH column: `/productpage`, `/static*`, `~/api/.*`, plus header/query hints.
    var listing: String {
        var text: String
        switch uri?.kind {
        case .exact(let value): text = value
        case .prefix(let value): text = value + "*"
        case .regex(let regex): text = regex.pattern
        case .present, nil: text = "/*"
        }
        if !headers.isEmpty || !queryParams.isEmpty || method != nil || authority != nil || scheme != nil {
            text += " (+"
            var parts: [String] = headers.map { $0.inverted ? "!\($0.name)" : $0.name }
            parts += queryParams.map { "?\($0.name)" }
            if method != nil { parts.append(":method") }
            if authority != nil { parts.append(":authority") }
            if scheme != nil { parts.append(":scheme") }
            text += parts.joined(separator: ",") + ")"
        }
        return text
    }
}
