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
