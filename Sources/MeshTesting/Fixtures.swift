import MeshCore

/// Objects tests build often.
public enum Fixtures {
    /// An apps/v1 Deployment with `app` and `version` labels.
    public static func deployment(
        _ name: String, namespace: String = "default", app: String = "myapp", version: String = "v1", replicas: Int = 1,
        image: String? = nil
    ) -> Deployment {
        let labels = ["app": app, "version": version]
        var container = Container(
            name: app, image: image ?? "janakiramm/myapp:\(version)", ports: [ContainerPort(containerPort: 80)])
        container.resources = ResourceRequirements(requests: ["cpu": "10m", "memory": "16Mi"])
        return Deployment(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: DeploymentSpec(
                replicas: replicas, selector: LabelSelector(matchLabels: labels),
                template: PodTemplateSpec(metadata: ObjectMeta(labels: labels), spec: PodSpec(containers: [container])))
        )
    }

    /// A ClusterIP Service selecting `app`.
    public static func service(_ name: String, namespace: String = "default", app: String = "myapp", port: Int = 80)
        -> Service
    {
        Service(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: ServiceSpec(
                selector: ["app": app], ports: [ServicePort(name: "http", port: port, targetPort: .int(port))]))
    }

    /// A namespace.
    public static func namespace(_ name: String, labels: [String: String]? = nil) -> Namespace {
        Namespace(name: name, labels: labels)
    }
}
