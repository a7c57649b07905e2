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
