import Foundation

/// The objects `meshsim up` creates, as plain values: nodes, namespaces, the `kubernetes` Service,
/// kube-system control plane (static pods + Deployments) and, optionally, Istio.
///
/// Why: reproduces what minikube (kubeadm) leaves in a fresh cluster, so `kubectl get nodes,pods -A`
/// looks like the real thing.
public struct ClusterBootstrap: Sendable {
    /// Cluster-wide parameters.
    public struct Parameters: Sendable, Hashable {
        /// Profile / first node name (`meshsim`).
        public var profile: String = "meshsim"
        /// Number of nodes.
        public var nodes: Int = 1
        /// CPUs per node.
        public var cpus: Int = 2
        /// Memory per node in MiB.
        public var memoryMiB: Int = 8192
        /// Ephemeral storage per node in GiB.
        public var diskGiB: Int = 20
        /// Kubelet version.
        public var kubernetesVersion: String = "v1.32.0"
        /// Container runtime version string.
        public var containerRuntime: String = "docker://27.4.0"
        /// Creation time of everything.
        public var now: Double = 0
        /// Creates defaults.
        public init() {}
    }

    /// The parameters.
    public var parameters: Parameters

    /// Creates a bootstrap.
    public init(parameters: Parameters) { self.parameters = parameters }

    /// `meshsim`, `meshsim-m02`, `meshsim-m03`, …
    public func nodeName(_ index: Int) -> String {
        index == 0 ? parameters.profile : "\(parameters.profile)-m\(index + 1 < 10 ? "0" : "")\(index + 1)"
    }

    /// All nodes.
    public func nodes() -> [Node] { (0..<max(1, parameters.nodes)).map(node) }

    /// Node `index` (0-based): capacity, kubelet conditions, addresses `192.168.49.(2+index)`,
    /// podCIDR `10.244.index.0/24`, minikube labels, the control-plane role on the first.
    public func node(_ index: Int) -> Node {
        let p = parameters
        let name = nodeName(index)
        var labels = [
            "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "minikube.k8s.io/name": p.profile,
            "minikube.k8s.io/primary": index == 0 ? "true" : "false", "minikube.k8s.io/version": "v1.34.0",
        ]
        if index == 0 {
            labels["node-role.kubernetes.io/control-plane"] = ""
            labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
        }
        var meta = ObjectMeta(
            name: name, labels: labels,
            annotations: [
                "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/cri-dockerd.sock",
                "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            ])
        meta.creationTimestamp = Timestamp.format(p.now)
        meta.uid = Self.uid("node/\(name)")
        let capacity = [
            "cpu": String(p.cpus), "memory": "\(p.memoryMiB * 1024)Ki", "pods": "110",
            "ephemeral-storage": "\(p.diskGiB * 1024 * 1024)Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
        ]
        let stamp = Timestamp.format(p.now)
        func condition(_ type: String, _ status: String, _ reason: String, _ message: String) -> Condition {
            var condition = Condition(
                type: type, status: status, reason: reason, message: message, lastTransitionTime: stamp)
            condition.lastHeartbeatTime = stamp
            return condition
        }
        var info = NodeSystemInfo(kubeletVersion: p.kubernetesVersion)
        info.osImage = "Ubuntu 22.04.5 LTS"
        info.kernelVersion = "6.8.0-meshsim"
        info.containerRuntimeVersion = p.containerRuntime
        info.machineID = Self.uid("machine/\(name)").replacingOccurrences(of: "-", with: "")
        info.systemUUID = Self.uid("system/\(name)")
        info.bootID = Self.uid("boot/\(name)")
        let status = NodeStatus(
            capacity: capacity, allocatable: capacity,
            conditions: [
                condition(
                    "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            addresses: [
                NodeAddress(type: "InternalIP", address: nodeIP(index)), NodeAddress(type: "Hostname", address: name),
            ],
            nodeInfo: info)
        return Node(metadata: meta, spec: NodeSpec(podCIDR: "10.244.\(index).0/24"), status: status)
    }

    /// The node's InternalIP, `192.168.49.(2+index)` as minikube's docker network assigns.
    public func nodeIP(_ index: Int) -> String { "192.168.49.\(2 + index)" }

    /// `default`, `kube-node-lease`, `kube-public`, `kube-system` (Active), with the
    /// `kubernetes.io/metadata.name` label the API server adds.
    public func namespaces() -> [Namespace] {
        ["default", "kube-node-lease", "kube-public", "kube-system"].map { namespace($0) }
    }

    /// A namespace as the API server stores it.
    public func namespace(_ name: String, labels: [String: String] = [:]) -> Namespace {
        var ns = Namespace(name: name, labels: labels.merging(["kubernetes.io/metadata.name": name]) { $1 })
        ns.metadata.creationTimestamp = Timestamp.format(parameters.now)
        ns.metadata.uid = Self.uid("namespace/\(name)")
        ns.status = NamespaceStatus(phase: "Active")
        return ns
    }

    /// The `default/kubernetes` Service (10.96.0.1:443 → apiserver 8443).
    public func kubernetesService() -> Service {
        var meta = ObjectMeta(
            name: "kubernetes", namespace: "default", labels: ["component": "apiserver", "provider": "kubernetes"])
        meta.creationTimestamp = Timestamp.format(parameters.now)
        meta.uid = Self.uid("service/default/kubernetes")
        var spec = ServiceSpec(
            type: "ClusterIP", selector: nil, ports: [ServicePort(name: "https", port: 443, targetPort: .int(8443))])
        spec.clusterIP = ClusterIPAllocator.kubernetesIP
        spec.clusterIPs = [ClusterIPAllocator.kubernetesIP]
        spec.sessionAffinity = "None"
        spec.ipFamilies = ["IPv4"]
        spec.ipFamilyPolicy = "SingleStack"
        spec.internalTrafficPolicy = "Cluster"
        return Service(metadata: meta, spec: spec)
    }

    /// The Endpoints of `default/kubernetes`: the first node's IP on 8443.
    public func kubernetesEndpoints() -> Endpoints {
        var meta = ObjectMeta(
            name: "kubernetes", namespace: "default", labels: ["endpointslice.kubernetes.io/skip-mirror": "true"])
        meta.creationTimestamp = Timestamp.format(parameters.now)
        return Endpoints(
            metadata: meta,
            subsets: [
                EndpointSubset(
                    addresses: [EndpointAddress(ip: nodeIP(0), nodeName: nil, targetRef: nil)], notReadyAddresses: nil,
                    ports: [EndpointPort(name: "https", port: 8443)])
            ])
    }

    /// A stable UUID-shaped identifier derived from `seed` (FNV-based, no randomness).
    public static func uid(_ seed: String) -> String {
        var hex = ""
        var state = PodTemplateHash.fnv32a(Array(seed.utf8))
        while hex.count < 32 {
            state = PodTemplateHash.fnv32a(Array(String(state).utf8), seed: state)
            hex += String(state, radix: 16).leftPadded(to: 8)
        }
        let chars = Array(hex)
        func part(_ from: Int, _ count: Int) -> String { String(chars[from..<(from + count)]) }
        return "\(part(0, 8))-\(part(8, 4))-\(part(12, 4))-\(part(16, 4))-\(part(20, 12))"
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
