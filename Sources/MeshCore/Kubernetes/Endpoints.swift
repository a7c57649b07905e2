/// Kubernetes `v1.Endpoints`: the ready (and not-ready) addresses behind a Service.
public struct Endpoints: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "Endpoints", group: "", version: "v1", plural: "endpoints", shortNames: ["ep"])
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var subsets: [EndpointSubset]?

    /// Creates an Endpoints object.
    public init(metadata: ObjectMeta, subsets: [EndpointSubset]?) {
        self.metadata = metadata
        self.subsets = subsets
        setTypeMeta()
    }
}

/// `v1.EndpointSubset`.
public struct EndpointSubset: Sendable, Hashable, Codable {
    public var addresses: [EndpointAddress]?
    public var notReadyAddresses: [EndpointAddress]?
    public var ports: [EndpointPort]?
    /// Creates a subset.
    public init(addresses: [EndpointAddress]?, notReadyAddresses: [EndpointAddress]?, ports: [EndpointPort]?) {
        self.addresses = addresses
        self.notReadyAddresses = notReadyAddresses
        self.ports = ports
    }
}

/// `v1.EndpointAddress`.
public struct EndpointAddress: Sendable, Hashable, Codable {
    public var ip: String
    public var nodeName: String?
    public var targetRef: ObjectReference?
    /// Creates an address.
    public init(ip: String, nodeName: String?, targetRef: ObjectReference?) {
        self.ip = ip
        self.nodeName = nodeName
        self.targetRef = targetRef
    }
}

/// `v1.EndpointPort`.
public struct EndpointPort: Sendable, Hashable, Codable {
    public var name: String?
    public var port: Int
    public var protocol_: String?
    /// Creates a port.
    public init(name: String?, port: Int) {
        self.name = name
        self.port = port
        self.protocol_ = "TCP"
    }
    enum CodingKeys: String, CodingKey {
        case name, port
        case protocol_ = "protocol"
    }
}

/// `v1.ObjectReference`.
public struct ObjectReference: Sendable, Hashable, Codable {
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?
    public var apiVersion: String?
    public var resourceVersion: String?
    public var fieldPath: String?
    /// Creates a reference.
    public init(kind: String?, namespace: String?, name: String?, uid: String?, apiVersion: String? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.apiVersion = apiVersion
    }
}
