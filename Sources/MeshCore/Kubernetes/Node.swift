/// Kubernetes `v1.Node`: a simulated machine pods are bound to.
public struct Node: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "Node", group: "", version: "v1", plural: "nodes", shortNames: ["no"], namespaced: false)
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: NodeSpec
    public var status: NodeStatus

    /// Creates a node.
    public init(metadata: ObjectMeta, spec: NodeSpec, status: NodeStatus) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
        setTypeMeta()
    }

    /// Whether the node's Ready condition is True.
    public var isReady: Bool { status.conditions?.condition("Ready")?.status == "True" }
}

/// `v1.NodeSpec`.
public struct NodeSpec: Sendable, Hashable, Codable {
    public var podCIDR: String?
    public var podCIDRs: [String]?
    public var unschedulable: Bool?
    public var taints: [Taint]?
    /// Creates a spec.
    public init(podCIDR: String?) {
        self.podCIDR = podCIDR
        self.podCIDRs = podCIDR.map { [$0] }
    }
}

/// `v1.Taint`.
public struct Taint: Sendable, Hashable, Codable {
    public var key: String
    public var value: String?
    public var effect: String
    /// When a NoExecute taint was added (RFC 3339); the taint-eviction controller counts from it.
    public var timeAdded: String?
    /// Creates a taint.
    public init(key: String, value: String? = nil, effect: String, timeAdded: String? = nil) {
        self.key = key
        self.value = value
        self.effect = effect
        self.timeAdded = timeAdded
    }

    /// Whether `other` is the same taint (key and effect), whatever its value or time.
    public func matches(_ other: Taint) -> Bool { key == other.key && effect == other.effect }
}

/// `v1.NodeStatus`.
public struct NodeStatus: Sendable, Hashable, Codable {
    public var capacity: [String: String]?
    public var allocatable: [String: String]?
    public var conditions: [Condition]?
    public var addresses: [NodeAddress]?
    public var nodeInfo: NodeSystemInfo?
    /// Creates a status.
    public init(
        capacity: [String: String]?, allocatable: [String: String]?, conditions: [Condition]?,
        addresses: [NodeAddress]?, nodeInfo: NodeSystemInfo?
    ) {
        self.capacity = capacity
        self.allocatable = allocatable
        self.conditions = conditions
        self.addresses = addresses
        self.nodeInfo = nodeInfo
    }
}

/// `v1.NodeAddress`.
public struct NodeAddress: Sendable, Hashable, Codable {
    public var type: String
    public var address: String
    /// Creates an address.
    public init(type: String, address: String) {
        self.type = type
        self.address = address
    }
}

/// `v1.NodeSystemInfo`, the fields `kubectl get nodes -o wide` prints.
public struct NodeSystemInfo: Sendable, Hashable, Codable {
    public var kubeletVersion: String
    public var kubeProxyVersion: String?
    public var osImage: String
    public var kernelVersion: String
    public var containerRuntimeVersion: String
    public var operatingSystem: String
    public var architecture: String
    public var machineID: String?
    public var systemUUID: String?
    public var bootID: String?
    /// Creates node info.
    public init(kubeletVersion: String) {
        self.kubeletVersion = kubeletVersion
        self.kubeProxyVersion = kubeletVersion
        self.osImage = "meshsim simulated node"
        self.kernelVersion = "meshsim"
        self.containerRuntimeVersion = "meshsim://0.1.0"
        self.operatingSystem = "linux"
        self.architecture = "amd64"
    }
}
