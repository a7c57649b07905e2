/// Kubernetes `apps/v1.ReplicaSet`.
public struct ReplicaSet: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "ReplicaSet", group: "apps", version: "v1", plural: "replicasets", shortNames: ["rs"],
        acceptedVersions: ["extensions/v1beta1", "apps/v1beta2"])
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: ReplicaSetSpec
    public var status: ReplicaSetStatus?

    /// Creates a ReplicaSet.
    public init(metadata: ObjectMeta, spec: ReplicaSetSpec, status: ReplicaSetStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
        setTypeMeta()
    }

    /// Desired replicas (defaults to 1 as the API server defaults it).
    public var desiredReplicas: Int { spec.replicas ?? 1 }
}

/// `apps/v1.ReplicaSetSpec`.
public struct ReplicaSetSpec: Sendable, Hashable, Codable {
    public var replicas: Int?
    public var minReadySeconds: Int?
    public var selector: LabelSelector
    public var template: PodTemplateSpec
    /// Creates a spec.
    public init(replicas: Int?, selector: LabelSelector, template: PodTemplateSpec) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
    }
}

/// `apps/v1.ReplicaSetStatus`.
public struct ReplicaSetStatus: Sendable, Hashable, Codable {
    public var replicas: Int
    public var fullyLabeledReplicas: Int?
    public var readyReplicas: Int?
    public var availableReplicas: Int?
    public var observedGeneration: Int?
    public var conditions: [Condition]?
    /// Creates a status.
    public init(replicas: Int, readyReplicas: Int?, availableReplicas: Int?, observedGeneration: Int?) {
        self.replicas = replicas
        self.fullyLabeledReplicas = replicas
        self.readyReplicas = readyReplicas
        self.availableReplicas = availableReplicas
        self.observedGeneration = observedGeneration
    }
}
