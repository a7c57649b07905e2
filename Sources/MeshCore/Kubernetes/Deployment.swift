/// Kubernetes `apps/v1.Deployment`.
public struct Deployment: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "Deployment", group: "apps", version: "v1", plural: "deployments", shortNames: ["deploy"],
        acceptedVersions: ["extensions/v1beta1", "apps/v1beta1", "apps/v1beta2"])
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: DeploymentSpec
    public var status: DeploymentStatus?

    /// Creates a Deployment.
    public init(metadata: ObjectMeta, spec: DeploymentSpec, status: DeploymentStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
        setTypeMeta()
    }

    /// Desired replicas (defaults to 1).
    public var desiredReplicas: Int { spec.replicas ?? 1 }
}

/// `apps/v1.DeploymentSpec`.
public struct DeploymentSpec: Sendable, Hashable, Codable {
    public var replicas: Int?
    public var selector: LabelSelector?
    public var template: PodTemplateSpec
    public var strategy: DeploymentStrategy?
    public var minReadySeconds: Int?
    public var revisionHistoryLimit: Int?
    public var progressDeadlineSeconds: Int?
    public var paused: Bool?
    /// Legacy `extensions/v1beta1` field, accepted and dropped on conversion.
    public var rollbackTo: JSONValue?

    /// Creates a spec.
    public init(replicas: Int?, selector: LabelSelector?, template: PodTemplateSpec) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
    }
}

/// `apps/v1.DeploymentStrategy`.
public struct DeploymentStrategy: Sendable, Hashable, Codable {
    public var type: String?
    public var rollingUpdate: RollingUpdateDeployment?
    /// Creates a strategy.
    public init(type: String?, rollingUpdate: RollingUpdateDeployment?) {
        self.type = type
        self.rollingUpdate = rollingUpdate
    }
}

/// `apps/v1.RollingUpdateDeployment`.
public struct RollingUpdateDeployment: Sendable, Hashable, Codable {
    public var maxUnavailable: IntOrString?
    public var maxSurge: IntOrString?
    /// Creates parameters.
    public init(maxUnavailable: IntOrString?, maxSurge: IntOrString?) {
        self.maxUnavailable = maxUnavailable
        self.maxSurge = maxSurge
    }
}

/// `apps/v1.DeploymentStatus`.
public struct DeploymentStatus: Sendable, Hashable, Codable {
    public var observedGeneration: Int?
    public var replicas: Int?
    public var updatedReplicas: Int?
    public var readyReplicas: Int?
    public var availableReplicas: Int?
    public var unavailableReplicas: Int?
    public var conditions: [Condition]?
    public var collisionCount: Int?
    /// Creates an empty status.
    public init() {}
}
