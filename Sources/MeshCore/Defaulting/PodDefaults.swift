/// `SetDefaults_PodSpec`, `SetDefaults_Container` and `SetDefaults_ContainerPort` (k8s.io/api core/v1).
public enum PodDefaults {
    /// Defaults a pod template's spec (Deployment, ReplicaSet).
    public static func apply(toTemplate template: inout PodTemplateSpec) {
        apply(to: &template.spec)
    }

    /// restartPolicy Always, dnsPolicy ClusterFirst, grace period 30, default-scheduler, `securityContext: {}`,
    /// then every container.
    public static func apply(to spec: inout PodSpec) {
        if spec.restartPolicy == nil { spec.restartPolicy = "Always" }
        if spec.dnsPolicy == nil { spec.dnsPolicy = "ClusterFirst" }
        if spec.terminationGracePeriodSeconds == nil { spec.terminationGracePeriodSeconds = 30 }
        if spec.schedulerName == nil { spec.schedulerName = "default-scheduler" }
        if spec.securityContext == nil { spec.securityContext = .object([:]) }
        for index in spec.containers.indices { apply(to: &spec.containers[index]) }
        if var initContainers = spec.initContainers {
            for index in initContainers.indices { apply(to: &initContainers[index]) }
            spec.initContainers = initContainers
        }
    }

    /// Termination message path/policy, pull policy, `resources: {}`, and TCP on every port.
    public static func apply(to container: inout Container) {
        if container.terminationMessagePath == nil { container.terminationMessagePath = "/dev/termination-log" }
        if container.terminationMessagePolicy == nil { container.terminationMessagePolicy = "File" }
        if container.imagePullPolicy == nil { container.imagePullPolicy = pullPolicy(for: container.image ?? "") }
        // Why: `resources` is a non-pointer struct in Go, so real objects always show `resources: {}`.
        if container.resources == nil { container.resources = ResourceRequirements() }
        if var ports = container.ports {
            for index in ports.indices where ports[index].protocol_ == nil { ports[index].protocol_ = "TCP" }
            container.ports = ports
        }
    }

    /// Why: `SetDefaults_Container` pulls `:latest` and untagged images every time, anything else if not present.
    /// A digest (`@sha256:`) counts as pinned.
    public static func pullPolicy(for image: String) -> String {
        if image.contains("@") { return "IfNotPresent" }
        let lastComponent = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = lastComponent.lastIndex(of: ":") else { return "Always" }
        return lastComponent[lastComponent.index(after: colon)...] == "latest" ? "Always" : "IfNotPresent"
    }
}
