/// Kubernetes `v1.Pod`.
public struct Pod: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "Pod", group: "", version: "v1", plural: "pods", shortNames: ["po"])
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: PodSpec
    public var status: PodStatus?

    /// Creates a pod.
    public init(metadata: ObjectMeta, spec: PodSpec, status: PodStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
        setTypeMeta()
    }

    /// The pod phase, Pending when unset.
    public var phase: String { status?.phase ?? "Pending" }

    /// Whether the pod's Ready condition is True.
    public var isReady: Bool { status?.conditions?.condition("Ready")?.status == "True" }

    /// Whether the pod is being deleted.
    public var isTerminating: Bool { metadata.deletionTimestamp != nil }

    /// Active in the sense of the ReplicaSet controller (`controller.FilterActivePods`).
    public var isActive: Bool { phase != "Succeeded" && phase != "Failed" && !isTerminating }
}

/// `v1.PodTemplateSpec`.
public struct PodTemplateSpec: Sendable, Hashable, Codable {
    public var metadata: ObjectMeta?
    public var spec: PodSpec
    /// Creates a template.
    public init(metadata: ObjectMeta?, spec: PodSpec) {
        self.metadata = metadata
        self.spec = spec
    }
}

/// `v1.PodSpec`: the fields meshsim interprets are typed, the rest pass through untouched.
public struct PodSpec: Sendable, Hashable, Codable {
    public var containers: [Container]
    public var initContainers: [Container]?
    public var nodeName: String?
    public var nodeSelector: [String: String]?
    public var restartPolicy: String?
    public var terminationGracePeriodSeconds: Int?
    public var activeDeadlineSeconds: Int?
    public var dnsPolicy: String?
    public var serviceAccountName: String?
    public var serviceAccount: String?
    public var automountServiceAccountToken: Bool?
    public var hostNetwork: Bool?
    public var hostname: String?
    public var subdomain: String?
    public var schedulerName: String?
    public var priority: Int?
    public var priorityClassName: String?
    public var tolerations: [JSONValue]?
    public var affinity: JSONValue?
    public var securityContext: JSONValue?
    public var imagePullSecrets: [JSONValue]?
    public var volumes: [JSONValue]?
    public var readinessGates: [JSONValue]?
    public var topologySpreadConstraints: [JSONValue]?
    public var enableServiceLinks: Bool?

    /// Creates a spec from containers.
    public init(containers: [Container]) { self.containers = containers }
}

/// `v1.Container`.
public struct Container: Sendable, Hashable, Codable {
    public var name: String
    public var image: String?
    public var imagePullPolicy: String?
    public var command: [String]?
    public var args: [String]?
    public var workingDir: String?
    public var ports: [ContainerPort]?
    public var env: [EnvVar]?
    public var envFrom: [JSONValue]?
    public var resources: ResourceRequirements?
    public var volumeMounts: [JSONValue]?
    public var livenessProbe: JSONValue?
    public var readinessProbe: JSONValue?
    public var startupProbe: JSONValue?
    public var lifecycle: JSONValue?
    public var securityContext: JSONValue?
    public var terminationMessagePath: String?
    public var terminationMessagePolicy: String?
    public var restartPolicy: String?
    public var stdin: Bool?
    public var tty: Bool?

    /// Creates a container.
    public init(name: String, image: String?, ports: [ContainerPort]? = nil) {
        self.name = name
        self.image = image
        self.ports = ports
    }

    /// The value of an environment variable given literally.
    public func env(_ name: String) -> String? { env?.first { $0.name == name }?.value }
}

/// `v1.ContainerPort`.
public struct ContainerPort: Sendable, Hashable, Codable {
    public var name: String?
    public var containerPort: Int
    public var protocol_: String?
    public var hostPort: Int?

    /// Creates a port.
    public init(name: String? = nil, containerPort: Int, protocol: String? = "TCP") {
        self.name = name
        self.containerPort = containerPort
        self.protocol_ = `protocol`
    }

    enum CodingKeys: String, CodingKey {
        case name, containerPort, hostPort
        case protocol_ = "protocol"
    }
}

/// `v1.EnvVar` (literal values; `valueFrom` passes through).
public struct EnvVar: Sendable, Hashable, Codable {
    public var name: String
    public var value: String?
    public var valueFrom: JSONValue?
    /// Creates a variable.
    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

/// `v1.ResourceRequirements`.
public struct ResourceRequirements: Sendable, Hashable, Codable {
    public var requests: [String: String]?
    public var limits: [String: String]?
    /// Creates requirements.
    public init(requests: [String: String]? = nil, limits: [String: String]? = nil) {
        self.requests = requests
        self.limits = limits
    }
}
