/// A Deployment (and optionally a Service) for a system component, in the shape its installer
/// creates: the selector and template labels, containers with images and ports.
public struct SystemWorkload: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var labels: [String: String]
    public var containers: [Container]
    public var replicas: Int
    public var annotations: [String: String]

    /// Creates a workload.
    public init(
        name: String, namespace: String, labels: [String: String], containers: [Container], replicas: Int = 1,
        annotations: [String: String] = [:]
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.containers = containers
        self.replicas = replicas
        self.annotations = annotations
    }

    /// The Deployment.
    public var deployment: Deployment {
        var template = PodTemplateSpec(
            metadata: ObjectMeta(labels: labels, annotations: annotations.isEmpty ? nil : annotations),
            spec: PodSpec(containers: containers))
        template.spec.serviceAccountName = name.hasPrefix("istio-") || name == "istiod" ? "\(name)-service-account" : nil
        var deployment = Deployment(
            metadata: ObjectMeta(name: name, namespace: namespace, labels: labels),
            spec: DeploymentSpec(replicas: replicas, selector: LabelSelector(matchLabels: labels), template: template))
        deployment.setTypeMeta()
        return deployment
    }

    /// A container with an image and TCP ports.
    public static func container(_ name: String, _ image: String, ports: [Int] = [], cpu: String = "10m", memory: String = "40Mi")
        -> Container
    {
        var container = Container(name: name, image: image, ports: ports.isEmpty ? nil : ports.map { ContainerPort(containerPort: $0) })
        container.resources = ResourceRequirements(requests: ["cpu": cpu, "memory": memory])
        return container
    }
}
