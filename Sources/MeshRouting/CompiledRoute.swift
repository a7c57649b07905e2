import MeshCore

/// One Envoy route: a match block of a VirtualService `http[]` entry and its action.
/// Immutable and shared: a class so the hot path copies one reference, not every field.
final class CompiledRoute: Sendable {
    /// Route name for explain and listings (`http[].name[.match.name]`, else `<vs>.<index>`).
    let name: String
    /// The name istiod gives the Envoy route, which access logs print as `%ROUTE_NAME%`:
    /// `http[].name`, plus `.match.name` when the match has one; empty (logged `-`) for an unnamed
    /// route (istio's `translateRoute`).
    let envoyName: String
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
        name: String, envoyName: String, virtualService: String, virtualServiceListing: String, httpIndex: Int,
        matchIndex: Int?, match: CompiledMatch?, action: RouteAction
    ) {
        self.name = name
        self.envoyName = envoyName
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
