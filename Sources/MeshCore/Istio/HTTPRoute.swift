/// `VirtualService.spec.http[]`: match conditions and one action (route, redirect or direct response).
public struct HTTPRoute: Sendable, Hashable, Codable {
    /// Route name, used in route names and access logs.
    public var name: String?
    /// OR-ed match blocks; absent means "everything".
    public var match: [HTTPMatchRequest]?
    /// Weighted destinations.
    public var route: [HTTPRouteDestination]?
    /// Redirect action.
    public var redirect: HTTPRedirect?
    /// Fixed response action.
    public var directResponse: HTTPDirectResponse?
    /// Delegate VirtualService reference, kept as is.
    public var delegate: JSONValue?
    /// Path/authority rewrite before forwarding.
    public var rewrite: HTTPRewrite?
    /// Route timeout (`1.5s`, `100ms`).
    public var timeout: String?
    /// Retry policy.
    public var retries: HTTPRetry?
    /// Fault injection.
    public var fault: HTTPFaultInjection?
    /// Single mirror destination.
    public var mirror: Destination?
    /// Several mirror destinations.
    public var mirrors: [HTTPMirrorPolicy]?
    /// Share of requests mirrored through `mirror` (absent = 100 %).
    public var mirrorPercentage: Percent?
    /// Deprecated integer form of `mirrorPercentage`.
    public var mirrorPercent: Int?
    /// CORS policy.
    public var corsPolicy: CorsPolicy?
    /// Header operations for the whole route.
    public var headers: IstioHeaders?
    /// Deprecated websocket flag.
    public var websocketUpgrade: Bool?

    /// Creates a route.
    public init(
        name: String? = nil, match: [HTTPMatchRequest]? = nil, route: [HTTPRouteDestination]? = nil,
        redirect: HTTPRedirect? = nil, directResponse: HTTPDirectResponse? = nil, rewrite: HTTPRewrite? = nil,
        timeout: String? = nil, retries: HTTPRetry? = nil, fault: HTTPFaultInjection? = nil,
        mirror: Destination? = nil, mirrors: [HTTPMirrorPolicy]? = nil, mirrorPercentage: Percent? = nil,
        headers: IstioHeaders? = nil
    ) {
        self.name = name
        self.match = match
        self.route = route
        self.redirect = redirect
        self.directResponse = directResponse
        self.rewrite = rewrite
        self.timeout = timeout
        self.retries = retries
        self.fault = fault
        self.mirror = mirror
        self.mirrors = mirrors
        self.mirrorPercentage = mirrorPercentage
        self.headers = headers
    }
}
