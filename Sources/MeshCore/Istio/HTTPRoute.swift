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

/// `HTTPRouteDestination`: a destination with its relative weight and header operations.
public struct HTTPRouteDestination: Sendable, Hashable, Codable {
    /// Where to send the request.
    public var destination: Destination?
    /// Relative weight (omitted = 0).
    public var weight: Int?
    /// Header operations applied after the route's.
    public var headers: IstioHeaders?

    /// Creates a weighted destination.
    public init(destination: Destination?, weight: Int? = nil, headers: IstioHeaders? = nil) {
        self.destination = destination
        self.weight = weight
        self.headers = headers
    }
}

/// `Destination`: a service host, optional subset and port.
public struct Destination: Sendable, Hashable, Codable {
    /// Service host (short name, FQDN or ServiceEntry host).
    public var host: String?
    /// DestinationRule subset name.
    public var subset: String?
    /// Service port.
    public var port: PortSelector?

    /// Creates a destination.
    public init(host: String?, subset: String? = nil, port: Int? = nil) {
        self.host = host
        self.subset = subset
        self.port = port.map { PortSelector(number: $0) }
    }
}

/// `PortSelector`: `{number: 9080}`.
public struct PortSelector: Sendable, Hashable, Codable {
    /// Port number.
    public var number: Int?
    /// Creates a selector.
    public init(number: Int?) { self.number = number }
}

/// `Percent`: `{value: 12.5}`.
public struct Percent: Sendable, Hashable, Codable {
    /// Percentage 0...100.
    public var value: Double?
    /// Creates a percentage.
    public init(_ value: Double?) { self.value = value }
}

/// `Headers`: request and response header operations.
public struct IstioHeaders: Sendable, Hashable, Codable {
    /// Operations on the request sent upstream.
    public var request: IstioHeaderOperations?
    /// Operations on the response sent to the client.
    public var response: IstioHeaderOperations?

    /// Creates header operations.
    public init(request: IstioHeaderOperations? = nil, response: IstioHeaderOperations? = nil) {
        self.request = request
        self.response = response
    }
}

/// `Headers.HeaderOperations`: set, add, remove.
public struct IstioHeaderOperations: Sendable, Hashable, Codable {
    /// Overwrite (or add) these headers.
    public var set: [String: String]?
    /// Append these headers.
    public var add: [String: String]?
    /// Remove these headers.
    public var remove: [String]?

    /// Creates operations.
    public init(set: [String: String]? = nil, add: [String: String]? = nil, remove: [String]? = nil) {
        self.set = set
        self.add = add
        self.remove = remove
    }
}
