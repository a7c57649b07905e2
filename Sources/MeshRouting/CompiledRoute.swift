import MeshCore

/// One Envoy route: a match block of a VirtualService `http[]` entry and its action.
/// Immutable and shared: a class so the hot path copies one reference, not every field.
final class CompiledRoute: Sendable {
    /// Route name (`http[].name[.match.name]`, else `<vs>.<index>`).
    let name: String
    /// `namespace/name` of the VirtualService.
    let virtualService: String
    /// VirtualService name, for listings (`name.namespace`).
    let virtualServiceListing: String
    /// Index in `spec.http`.
    let httpIndex: Int
    /// Index in `match`, nil for a match-less rule.
    let matchIndex: Int?
    /// The conditions (nil: matches everything).
    let match: CompiledMatch?
    /// What to do.
    let action: RouteAction

    /// Istio's catch-all: no match, or a match that is only `prefix: /` / `regex: .*`.
    var isCatchAll: Bool { match?.isCatchAll ?? true }

    /// Human label for explain: `VirtualService default/myapp http[0] match[1]`.
    var label: String {
        var text = "VirtualService \(virtualService) http[\(httpIndex)]"
        if let matchIndex { text += " match[\(matchIndex)]" }
        return text
    }

    init(
        name: String, virtualService: String, virtualServiceListing: String, httpIndex: Int, matchIndex: Int?,
        match: CompiledMatch?, action: RouteAction
    ) {
        self.name = name
        self.virtualService = virtualService
        self.virtualServiceListing = virtualServiceListing
        self.httpIndex = httpIndex
        self.matchIndex = matchIndex
        self.match = match
        self.action = action
    }
}

/// The route action.
enum RouteAction: Sendable {
    case redirect(CompiledRedirect)
    case directResponse(status: Int, body: String)
    case forward(CompiledForward)
}

/// `redirect`, ready to build a `location`.
struct CompiledRedirect: Sendable {
    let uri: String?
    let prefixRewrite: String?
    let authority: String?
    let port: Int?
    let scheme: String?
    let derivePort: String?
    let code: Int
    /// Length of the matched URI prefix (for `prefixRewrite`); nil for exact/regex (whole path).
    let matchedPrefixLength: Int?
}

/// A forwarding route: fault, weighted destinations, rewrite, mirrors.
/// Immutable and shared: a class so the hot path copies one reference, not every field.
final class CompiledForward: Sendable {
    /// Destinations that take part in the pick (weight-0 entries dropped unless alone).
    let destinations: [CompiledDestination]
    /// Σ weights (0 when there is a single destination).
    let totalWeight: UInt64
    /// Path rewrite.
    let rewrite: CompiledRewrite?
    /// Authority rewrite (`rewrite.authority` or a `host` header set).
    let authorityRewrite: String?
    /// Fault delay in ms and its share in parts per million.
    let delayMilliseconds: Int?
    let delayPPM: UInt64
    /// Fault abort status and its share in parts per million.
    let abortStatus: Int?
    let abortPPM: UInt64
    /// Mirrors with their share.
    let mirrors: [CompiledMirror]
    /// CORS policy.
    let cors: CompiledCors?

    init(
        destinations: [CompiledDestination], totalWeight: UInt64, rewrite: CompiledRewrite?, authorityRewrite: String?,
        delayMilliseconds: Int?, delayPPM: UInt64, abortStatus: Int?, abortPPM: UInt64, mirrors: [CompiledMirror],
        cors: CompiledCors?
    ) {
        self.cors = cors
        self.destinations = destinations
        self.totalWeight = totalWeight
        self.rewrite = rewrite
        self.authorityRewrite = authorityRewrite
        self.delayMilliseconds = delayMilliseconds
        self.delayPPM = delayPPM
        self.abortStatus = abortStatus
        self.abortPPM = abortPPM
        self.mirrors = mirrors
    }
}

/// One weighted destination, resolved at build time.
/// Immutable and shared: a class so the hot path copies one reference, not every field.
final class CompiledDestination: Sendable {
    let weight: Int
    let info: DestinationInfo
    /// The prepared action (nil when the cluster does not exist: 503 NC).
    let template: ForwardAction?
    /// Why the cluster is missing, in words (explain).
    let failure: String?

    init(weight: Int, info: DestinationInfo, template: ForwardAction?, failure: String?) {
        self.weight = weight
        self.info = info
        self.template = template
        self.failure = failure
    }
}

/// A path rewrite.
enum CompiledRewrite: Sendable {
    /// Replace the matched prefix (`prefixLength` characters; nil = whole path) with `replacement`.
    case prefix(replacement: String, prefixLength: Int?)
    /// RE2 substitution.
    case regex(RegexRewriter)

    /// Applies the rewrite to `path` (query kept).
    func apply(to view: RequestView) -> String {
        let path = view.path
        let queryPart = view.request.path[path.endIndex...]
        switch self {
        case .prefix(let replacement, let prefixLength):
            let cut = prefixLength.map { min($0, path.count) } ?? path.count
            return replacement + path.dropFirst(cut) + queryPart
        case .regex(let rewriter):
            return rewriter.rewrite(String(path)) + queryPart
        }
    }
}

/// A mirror destination and its share.
struct CompiledMirror: Sendable {
    let cluster: UpstreamCluster
    let ppm: UInt64
}
