/// Istio `VirtualService`: ordered HTTP routing rules for a set of hosts.
public struct VirtualService: KubeResource {
    /// `networking.istio.io/v1` `VirtualService`, short name `vs`.
    public static let resourceKind = IstioKinds.kind("VirtualService", plural: "virtualservices", short: "vs")
    /// Wire `apiVersion`.
    public var apiVersion: String?
    /// Wire `kind`.
    public var kind: String?
    /// Object metadata.
    public var metadata: ObjectMeta
    /// The VirtualService spec.
    public var spec: VirtualServiceSpec
    /// Status, passed through untouched.
    public var status: JSONValue?

    /// Creates a VirtualService.
    public init(metadata: ObjectMeta, spec: VirtualServiceSpec) {
        self.metadata = metadata
        self.spec = spec
        setTypeMeta()
    }

    /// Decodes, tolerating a missing `spec`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        spec = try container.decodeIfPresent(VirtualServiceSpec.self, forKey: .spec) ?? VirtualServiceSpec()
        status = try container.decodeIfPresent(JSONValue.self, forKey: .status)
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec, status }
}

/// `VirtualService.spec`.
public struct VirtualServiceSpec: Sendable, Hashable, Codable {
    /// Hosts this VirtualService governs (short names expand relative to its namespace).
    public var hosts: [String]?
    /// Gateways the routes apply to; absent means `[mesh]` (sidecars only).
    public var gateways: [String]?
    /// Ordered HTTP routes, first match wins.
    public var http: [HTTPRoute]?
    /// TLS routes, kept as is (out of scope for routing).
    public var tls: [JSONValue]?
    /// TCP routes, kept as is (out of scope for routing).
    public var tcp: [JSONValue]?
    /// Namespaces this VirtualService is visible to (`*` default, `.` own namespace).
    public var exportTo: [String]?

    /// Creates a spec.
    public init(
        hosts: [String]? = nil, gateways: [String]? = nil, http: [HTTPRoute]? = nil, exportTo: [String]? = nil
    ) {
        self.hosts = hosts
        self.gateways = gateways
        self.http = http
        self.exportTo = exportTo
    }
}
