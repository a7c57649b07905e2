/// Istio `ServiceEntry`: adds hosts (external or loopback servers) to the service registry.
public struct ServiceEntry: KubeResource {
    /// `networking.istio.io/v1` `ServiceEntry`, short name `se`.
    public static let resourceKind = IstioKinds.kind("ServiceEntry", plural: "serviceentries", short: "se")
    /// Wire `apiVersion`.
    public var apiVersion: String?
    /// Wire `kind`.
    public var kind: String?
    /// Object metadata.
    public var metadata: ObjectMeta
    /// The ServiceEntry spec.
    public var spec: ServiceEntrySpec
    /// Status, passed through untouched.
    public var status: JSONValue?

    /// Creates a ServiceEntry.
    public init(metadata: ObjectMeta, spec: ServiceEntrySpec) {
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
        spec = try container.decodeIfPresent(ServiceEntrySpec.self, forKey: .spec) ?? ServiceEntrySpec()
        status = try container.decodeIfPresent(JSONValue.self, forKey: .status)
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec, status }
}

/// `ServiceEntry.spec`.
public struct ServiceEntrySpec: Sendable, Hashable, Codable {
    /// Hosts (taken verbatim; no short-name expansion for ServiceEntry hosts).
    public var hosts: [String]?
    /// Virtual IPs.
    public var addresses: [String]?
    /// Ports.
    public var ports: [IstioPort]?
    /// `MESH_EXTERNAL` or `MESH_INTERNAL`.
    public var location: String?
    /// `NONE`, `STATIC`, `DNS`, `DNS_ROUND_ROBIN`.
    public var resolution: String?
    /// Endpoints (STATIC addresses; `127.0.0.1` means a local server).
    public var endpoints: [ServiceEntryEndpoint]?
    /// Pods/WorkloadEntries selected as endpoints.
    public var workloadSelector: WorkloadSelector?
    /// Visibility.
    public var exportTo: [String]?
    /// SANs, kept.
    public var subjectAltNames: [String]?

    /// Creates a spec.
    public init(
        hosts: [String]? = nil, ports: [IstioPort]? = nil, location: String? = nil, resolution: String? = nil,
        endpoints: [ServiceEntryEndpoint]? = nil
    ) {
        self.hosts = hosts
        self.ports = ports
        self.location = location
        self.resolution = resolution
        self.endpoints = endpoints
    }
}

/// A `WorkloadEntry` inline in `ServiceEntry.spec.endpoints[]`.
public struct ServiceEntryEndpoint: Sendable, Hashable, Codable {
    /// IP or DNS name.
    public var address: String?
    /// Port name → endpoint port.
    public var ports: [String: Int]?
    /// Labels (subsets select on them).
    public var labels: [String: String]?
    /// Network, kept.
    public var network: String?
    /// Locality, kept.
    public var locality: String?
    /// LB weight, kept.
    public var weight: Int?
    /// Service account, kept.
    public var serviceAccount: String?

    /// Creates an endpoint.
    public init(address: String?, ports: [String: Int]? = nil, labels: [String: String]? = nil) {
        self.address = address
        self.ports = ports
        self.labels = labels
    }
}
