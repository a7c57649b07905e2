/// One HTTP request as the gateway's router sees it (Envoy's view: listener port, `:authority`,
/// `:path`, method, headers). Pure data: no sockets.
public struct RoutingRequest: Sendable, Hashable {
    /// The local listener port the request arrived on (8080 for Gateway port 80).
    public var listenerPort: Int
    /// `GET`, `POST`, ...
    public var method: String
    /// The request target as sent, query string included (`/a/b?x=1`).
    public var path: String
    /// The `Host` header (`:authority`), port included if the client sent one.
    public var authority: String
    /// `http` or `https`.
    public var scheme: String
    /// Request headers with lower-cased names, in arrival order.
    public var headers: [(name: String, value: String)]

    /// Creates a request.
    public init(
        listenerPort: Int, method: String = "GET", path: String, authority: String, scheme: String = "http",
        headers: [(name: String, value: String)] = []
    ) {
        self.init(
            listenerPort: listenerPort, method: method, path: path, authority: authority, scheme: scheme,
            lowercasedHeaders: headers.map { (name: $0.name.lowercased(), value: $0.value) })
    }

    /// Creates a request whose header names are already lower-case (the gateway's parser
    /// produces them so), skipping the copy that lower-cases them.
    public init(
        listenerPort: Int, method: String, path: String, authority: String, scheme: String,
        lowercasedHeaders: [(name: String, value: String)]
    ) {
        self.listenerPort = listenerPort
        self.method = method
        self.path = path
        self.authority = authority
        self.scheme = scheme
        self.headers = lowercasedHeaders
    }

    /// The first value of a header (name compared case-insensitively).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// Equality on every field.
    public static func == (lhs: RoutingRequest, rhs: RoutingRequest) -> Bool {
        lhs.listenerPort == rhs.listenerPort && lhs.method == rhs.method && lhs.path == rhs.path
            && lhs.authority == rhs.authority && lhs.scheme == rhs.scheme
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(listenerPort)
        hasher.combine(method)
        hasher.combine(path)
        hasher.combine(authority)
        for header in headers {
            hasher.combine(header.name)
            hasher.combine(header.value)
        }
    }
}
