/// What kube-apiserver fills in on create (the `SetDefaults_*` functions of k8s.io/api plus the default
/// admission plugins), so `get -o yaml` shows what a real cluster shows. Pure; only unset fields change.
public enum KubernetesDefaults {
    /// A defaulted copy.
    public static func defaulted(_ resource: AnyResource) -> AnyResource {
        var copy = resource
        apply(to: &copy)
        return copy
    }

    /// Defaults `resource` in place; kinds without defaults are left alone.
    public static func apply(to resource: inout AnyResource) {
        switch resource.base {
        case var deployment as Deployment:
            apply(to: &deployment)
            resource = AnyResource(deployment)
        case var replicaSet as ReplicaSet:
            apply(to: &replicaSet)
            resource = AnyResource(replicaSet)
        case var pod as Pod:
            apply(to: &pod)
            resource = AnyResource(pod)
        case var service as Service:
            apply(to: &service)
            resource = AnyResource(service)
        case var namespace as Namespace:
            apply(to: &namespace)
            resource = AnyResource(namespace)
        default:
            break
        }
    }

    /// `SetDefaults_Deployment` (apps/v1): replicas 1, RollingUpdate 25%/25%, history 10, deadline 600.
    public static func apply(to deployment: inout Deployment) {
        var spec = deployment.spec
        if spec.replicas == nil { spec.replicas = 1 }
        var strategy = spec.strategy ?? DeploymentStrategy(type: nil, rollingUpdate: nil)
        if strategy.type == nil { strategy.type = "RollingUpdate" }
        if strategy.type == "RollingUpdate" {
            var update = strategy.rollingUpdate ?? RollingUpdateDeployment(maxUnavailable: nil, maxSurge: nil)
            if update.maxUnavailable == nil { update.maxUnavailable = .string("25%") }
            if update.maxSurge == nil { update.maxSurge = .string("25%") }
            strategy.rollingUpdate = update
        }
        spec.strategy = strategy
        if spec.revisionHistoryLimit == nil { spec.revisionHistoryLimit = 10 }
        if spec.progressDeadlineSeconds == nil { spec.progressDeadlineSeconds = 600 }
        PodDefaults.apply(toTemplate: &spec.template)
        deployment.spec = spec
    }

    /// `SetDefaults_ReplicaSet`: replicas 1 and the pod template.
    public static func apply(to replicaSet: inout ReplicaSet) {
        if replicaSet.spec.replicas == nil { replicaSet.spec.replicas = 1 }
        PodDefaults.apply(toTemplate: &replicaSet.spec.template)
    }

    /// Pod spec defaults plus what the ServiceAccount, DefaultTolerationSeconds and Priority admission
    /// plugins add to every new Pod.
    public static func apply(to pod: inout Pod) {
        PodDefaults.apply(to: &pod.spec)
        // Why here and not in templates: `SetDefaults_Pod` sets it, so Deployments' templates never show it.
        if pod.spec.enableServiceLinks == nil { pod.spec.enableServiceLinks = true }
        if pod.spec.serviceAccountName == nil { pod.spec.serviceAccountName = pod.spec.serviceAccount ?? "default" }
        if pod.spec.serviceAccount == nil { pod.spec.serviceAccount = pod.spec.serviceAccountName }
        if pod.spec.priority == nil { pod.spec.priority = 0 }
        // The plugin with kube-apiserver's default 300 s (the daemon's admission applies the
        // configured seconds first; this then finds them present).
        pod = DefaultTolerationSeconds().admit(pod)
    }

    /// `SetDefaults_Service` and friends: ClusterIP, no affinity, TCP, targetPort = port, single-stack IPv4.
    public static func apply(to service: inout Service) {
        var spec = service.spec
        if spec.type == nil { spec.type = "ClusterIP" }
        if spec.sessionAffinity == nil { spec.sessionAffinity = "None" }
        if var ports = spec.ports {
            for index in ports.indices {
                if ports[index].protocol_ == nil { ports[index].protocol_ = "TCP" }
                // Why 0 and "" too: `SetDefaults_Service` treats them as unset.
                switch ports[index].targetPort {
                case nil, .int(0)?, .string("")?: ports[index].targetPort = .int(ports[index].port)
                default: break
                }
            }
            spec.ports = ports
        }
        if spec.type != "ExternalName" {
            if spec.internalTrafficPolicy == nil { spec.internalTrafficPolicy = "Cluster" }
            if spec.clusterIP != "None" || spec.selector != nil {
                if spec.ipFamilies == nil { spec.ipFamilies = ["IPv4"] }
                if spec.ipFamilyPolicy == nil { spec.ipFamilyPolicy = "SingleStack" }
            }
        }
        if spec.type == "NodePort" || spec.type == "LoadBalancer", spec.externalTrafficPolicy == nil {
            spec.externalTrafficPolicy = "Cluster"
        }
        if service.status == nil { service.status = .object(["loadBalancer": .object([:])]) }
        service.spec = spec
    }

    /// Namespaces get the `kubernetes` finalizer and phase Active.
    public static func apply(to namespace: inout Namespace) {
        // Why: an empty `spec: {}` / `status: {}` (what protobuf clients send) is defaulted too.
        if namespace.spec?.finalizers == nil { namespace.spec = NamespaceSpec(finalizers: ["kubernetes"]) }
        if namespace.status?.phase == nil { namespace.status = NamespaceStatus(phase: "Active") }
        // Why: since 1.21 every namespace carries its own name as an immutable label.
        var labels = namespace.metadata.labels ?? [:]
        if let name = namespace.metadata.name, labels["kubernetes.io/metadata.name"] == nil {
            labels["kubernetes.io/metadata.name"] = name
            namespace.metadata.labels = labels
        }
    }
}
