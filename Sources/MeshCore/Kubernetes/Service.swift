/// Kubernetes `v1.Service`.
public struct Service: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "Service", group: "", version: "v1", plural: "services", shortNames: ["svc"])
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: ServiceSpec
    public var status: JSONValue?

    /// Creates a Service.
    public init(metadata: ObjectMeta, spec: ServiceSpec) {
        self.metadata = metadata
        self.spec = spec
        setTypeMeta()
    }

    /// The Istio FQDN `<name>.<namespace>.svc.cluster.local`.
    public var fqdn: String { "\(metadata.nameOrEmpty).\(metadata.namespace ?? "default").svc.cluster.local" }
}

/// `v1.ServiceSpec`.
public struct ServiceSpec: Sendable, Hashable, Codable {
    public var type: String?
    public var selector: [String: String]?
    public var ports: [ServicePort]?
    public var clusterIP: String?
    public var clusterIPs: [String]?
    public var externalIPs: [String]?
    public var externalName: String?
    public var sessionAffinity: String?
    public var loadBalancerIP: String?
    public var externalTrafficPolicy: String?
    public var internalTrafficPolicy: String?
    public var ipFamilies: [String]?
    public var ipFamilyPolicy: String?
    public var publishNotReadyAddresses: Bool?

    /// Creates a spec.
    public init(type: String? = "ClusterIP", selector: [String: String]?, ports: [ServicePort]?) {
        self.type = type
        self.selector = selector
        self.ports = ports
    }
}

/// `v1.ServicePort`.
public struct ServicePort: Sendable, Hashable, Codable {
    public var name: String?
    public var protocol_: String?
    public var appProtocol: String?
    public var port: Int
    public var targetPort: IntOrString?
    public var nodePort: Int?

    /// Creates a port.
    public init(name: String? = nil, port: Int, targetPort: IntOrString? = nil, nodePort: Int? = nil) {
        self.name = name
        self.port = port
        self.targetPort = targetPort
        self.nodePort = nodePort
        self.protocol_ = "TCP"
    }

    enum CodingKeys: String, CodingKey {
        case name, appProtocol, port, targetPort, nodePort
        case protocol_ = "protocol"
    }
}
