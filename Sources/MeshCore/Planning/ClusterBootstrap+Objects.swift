import Foundation

/// Everything `meshsim up` writes, grouped by kind.
public struct BootstrapObjects: Sendable, Hashable {
    /// Nodes.
    public var nodes: [Node] = []
    /// Namespaces.
    public var namespaces: [Namespace] = []
    /// Services (ClusterIPs assigned).
    public var services: [Service] = []
    /// Endpoints for selector-less Services (`kubernetes`).
    public var endpoints: [Endpoints] = []
    /// Deployments (their ReplicaSets and pods are left to the controllers).
    public var deployments: [Deployment] = []
    /// Pods created directly: static (mirror) pods and DaemonSet pods, already bound to their node.
    public var pods: [Pod] = []
    /// Creates an empty set.
    public init() {}
}

extension ClusterBootstrap {
    /// The whole cluster, with Istio when `istio` is given. ClusterIPs, DaemonSet pod suffixes and
    /// nodePorts are drawn from `generator`, so a seed reproduces the same cluster.
    public func objects<G: RandomNumberGenerator>(istio: IstioInstall? = nil, using generator: inout G)
        -> BootstrapObjects
    {
        var result = BootstrapObjects()
        result.nodes = nodes()
        result.namespaces = namespaces()
        result.services = [kubernetesService(), kubeDNSService()]
        result.endpoints = [kubernetesEndpoints()]
        result.deployments = [coreDNS()]
        result.pods = staticPods() + [storageProvisioner()] + result.nodes.map { kubeProxy(on: $0, using: &generator) }
        if var istio {
            istio.now = parameters.now
            result.namespaces.append(namespace("istio-system", labels: istio.namespaceLabels))
            result.deployments += istio.deployments(now: parameters.now)
            result.services += istio.services(using: &generator)
        }
        var used = Set(result.services.compactMap(\.spec.clusterIP))
        for index in result.services.indices where result.services[index].spec.clusterIP == nil {
            let ip = ClusterIPAllocator.next(used: used, using: &generator) ?? "None"
            used.insert(ip)
            result.services[index].spec.clusterIP = ip
            result.services[index].spec.clusterIPs = [ip]
        }
        return result
    }

    /// `kube-system/kube-dns` at 10.96.0.10.
    public func kubeDNSService() -> Service {
        var service = ClusterBootstrap.service(
            "kube-dns", namespace: "kube-system",
            labels: [
                "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                "kubernetes.io/name": "CoreDNS",
            ],
            selector: ["k8s-app": "kube-dns"],
            ports: [("dns", 53, 53, "UDP"), ("dns-tcp", 53, 53, "TCP"), ("metrics", 9153, 9153, "TCP")],
            now: parameters.now)
        service.metadata.annotations = ["prometheus.io/port": "9153", "prometheus.io/scrape": "true"]
        service.spec.clusterIP = ClusterIPAllocator.dnsIP
        service.spec.clusterIPs = [ClusterIPAllocator.dnsIP]
        return service
    }

    /// The `coredns` Deployment (1 replica).
    public func coreDNS() -> Deployment {
        var container = Container(
            name: "coredns", image: "registry.k8s.io/coredns/coredns:v1.11.3",
            ports: [
                ContainerPort(name: "dns", containerPort: 53, protocol: "UDP"),
                ContainerPort(name: "dns-tcp", containerPort: 53),
                ContainerPort(name: "metrics", containerPort: 9153),
            ])
        container.args = ["-conf", "/etc/coredns/Corefile"]
        container.resources = ResourceRequirements(
            requests: ["cpu": "100m", "memory": "70Mi"], limits: ["memory": "170Mi"])
        container.readinessProbe = .object([
            "httpGet": .object(["path": .string("/ready"), "port": .int(8181)]), "periodSeconds": .int(10),
        ])
        var deployment = ClusterBootstrap.deployment(
            "coredns", namespace: "kube-system", labels: ["k8s-app": "kube-dns"], containers: [container],
            now: parameters.now)
        deployment.spec.template.spec.priorityClassName = "system-cluster-critical"
        deployment.spec.template.spec.serviceAccountName = "coredns"
        deployment.spec.template.spec.dnsPolicy = "Default"
        deployment.spec.strategy = DeploymentStrategy(
            type: "RollingUpdate",
            rollingUpdate: RollingUpdateDeployment(maxUnavailable: .int(1), maxSurge: .string("25%")))
        return deployment
    }

    /// etcd, kube-apiserver, kube-controller-manager and kube-scheduler mirror pods on the first node.
    public func staticPods() -> [Pod] {
        let node = nodeName(0)
        let version = parameters.kubernetesVersion
        let ip = nodeIP(0)
        return [
            (
                "etcd", "registry.k8s.io/etcd:3.5.16-0",
                ["etcd", "--advertise-client-urls=https://\(ip):2379", "--data-dir=/var/lib/minikube/etcd"]
            ),
            (
                "kube-apiserver", "registry.k8s.io/kube-apiserver:\(version)",
                ["kube-apiserver", "--advertise-address=\(ip)", "--secure-port=8443"]
            ),
            (
                "kube-controller-manager", "registry.k8s.io/kube-controller-manager:\(version)",
                ["kube-controller-manager", "--leader-elect=false"]
            ),
            (
                "kube-scheduler", "registry.k8s.io/kube-scheduler:\(version)",
                ["kube-scheduler", "--leader-elect=false"]
            ),
        ].map { component, image, command in
            var container = Container(name: component, image: image)
            container.command = command
            container.resources = ResourceRequirements(
                requests: [
                    "cpu": component == "etcd"
                        ? "100m"
                        : component == "kube-apiserver" ? "250m" : component == "kube-scheduler" ? "100m" : "200m"
                ]
                .merging(component == "etcd" ? ["memory": "100Mi"] : [:]) { $1 })
            var pod = systemPod(
                "\(component)-\(node)", labels: ["component": component, "tier": "control-plane"], container: container,
                node: node)
            let hash = ClusterBootstrap.uid("static/\(component)").replacingOccurrences(of: "-", with: "").prefix(32)
            pod.metadata.annotations = [
                "kubernetes.io/config.hash": String(hash), "kubernetes.io/config.mirror": String(hash),
                "kubernetes.io/config.seen": Timestamp.format(parameters.now), "kubernetes.io/config.source": "file",
            ]
            pod.metadata.ownerReferences = [
                OwnerReference(apiVersion: "v1", kind: "Node", name: node, uid: ClusterBootstrap.uid("node/\(node)"))
            ]
            pod.spec.priorityClassName = "system-node-critical"
            pod.spec.priority = 2_000_001_000
            return pod
        }
    }

    /// minikube's `storage-provisioner` addon pod.
    public func storageProvisioner() -> Pod {
        var container = Container(name: "storage-provisioner", image: "gcr.io/k8s-minikube/storage-provisioner:v5")
        container.command = ["/storage-provisioner"]
        var pod = systemPod(
            "storage-provisioner",
            labels: ["addonmanager.kubernetes.io/mode": "Reconcile", "integration-test": "storage-provisioner"],
            container: container, node: nodeName(0))
        pod.spec.serviceAccountName = "storage-provisioner"
        return pod
    }

    /// The `kube-proxy-xxxxx` DaemonSet pod for `node`.
    public func kubeProxy<G: RandomNumberGenerator>(on node: Node, using generator: inout G) -> Pod {
        var container = Container(
            name: "kube-proxy", image: "registry.k8s.io/kube-proxy:\(parameters.kubernetesVersion)")
        container.command = [
            "/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)",
        ]
        let name = "kube-proxy-" + NameSuffix.make(using: &generator)
        var pod = systemPod(
            name,
            labels: [
                "controller-revision-hash": "7bb84c4984", "k8s-app": "kube-proxy", "pod-template-generation": "1",
            ],
            container: container, node: node.metadata.nameOrEmpty)
        pod.metadata.generateName = "kube-proxy-"
        pod.metadata.ownerReferences = [
            OwnerReference(
                apiVersion: "apps/v1", kind: "DaemonSet", name: "kube-proxy",
                uid: ClusterBootstrap.uid("daemonset/kube-proxy"))
        ]
        pod.spec.priorityClassName = "system-node-critical"
        pod.spec.priority = 2_000_001_000
        pod.spec.serviceAccountName = "kube-proxy"
        return pod
    }

    /// A hostNetwork kube-system pod bound to `node` (its pod IP will be the node IP).
    func systemPod(_ name: String, labels: [String: String], container: Container, node: String) -> Pod {
        var meta = ObjectMeta(name: name, namespace: "kube-system", labels: labels)
        meta.uid = ClusterBootstrap.uid("pod/kube-system/\(name)")
        meta.creationTimestamp = Timestamp.format(parameters.now)
        var spec = PodSpec(containers: [container])
        spec.nodeName = node
        spec.hostNetwork = true
        spec.restartPolicy = "Always"
        spec.tolerations = [.object(["operator": .string("Exists"), "effect": .string("NoExecute")])]
        var pod = Pod(metadata: meta, spec: spec, status: PodStatus(phase: "Pending"))
        pod.status?.qosClass = QoSClass.of(spec)
        return pod
    }

    /// A Deployment with the defaults the API server would fill.
    public static func deployment(
        _ name: String, namespace: String, labels: [String: String], selector: [String: String]? = nil,
        replicas: Int = 1,
        containers: [Container], now: Double
    ) -> Deployment {
        var meta = ObjectMeta(name: name, namespace: namespace, labels: labels)
        meta.uid = uid("deployment/\(namespace)/\(name)")
        meta.generation = 1
        meta.creationTimestamp = Timestamp.format(now)
        var spec = DeploymentSpec(
            replicas: replicas, selector: LabelSelector(matchLabels: selector ?? labels),
            template: PodTemplateSpec(metadata: ObjectMeta(labels: labels), spec: PodSpec(containers: containers)))
        spec.strategy = DeploymentStrategy(
            type: "RollingUpdate",
            rollingUpdate: RollingUpdateDeployment(maxUnavailable: .string("25%"), maxSurge: .string("25%")))
        spec.revisionHistoryLimit = 10
        spec.progressDeadlineSeconds = 600
        return Deployment(metadata: meta, spec: spec)
    }

    /// A Service with `(name, port, targetPort, protocol)` ports; ClusterIP left for allocation.
    public static func service(
        _ name: String, namespace: String, labels: [String: String], selector: [String: String]?,
        ports: [(String, Int, Int, String)], type: String = "ClusterIP", now: Double
    ) -> Service {
        var meta = ObjectMeta(name: name, namespace: namespace, labels: labels)
        meta.uid = uid("service/\(namespace)/\(name)")
        meta.creationTimestamp = Timestamp.format(now)
        var spec = ServiceSpec(
            type: type, selector: selector,
            ports: ports.map { name, port, target, proto in
                var servicePort = ServicePort(name: name, port: port, targetPort: .int(target))
                servicePort.protocol_ = proto
                return servicePort
            })
        spec.sessionAffinity = "None"
        spec.ipFamilies = ["IPv4"]
        spec.ipFamilyPolicy = "SingleStack"
        spec.internalTrafficPolicy = "Cluster"
        if type == "LoadBalancer" || type == "NodePort" { spec.externalTrafficPolicy = "Cluster" }
        return Service(metadata: meta, spec: spec)
    }
}
