/// minikube's `kube-system`: static control-plane pods on the first node, kube-proxy on every
/// node, CoreDNS as a Deployment, and the kube-dns Service.
public enum KubeSystemInstall {
    /// CoreDNS.
    public static func workloads() -> [SystemWorkload] {
        [
            SystemWorkload(
                name: "coredns", namespace: "kube-system", labels: ["k8s-app": "kube-dns"],
                containers: [SystemWorkload.container("coredns", "registry.k8s.io/coredns/coredns:v1.11.3", ports: [53, 9153], cpu: "100m", memory: "70Mi")])
        ]
    }

    /// The kube-dns Service at 10.96.0.10.
    public static func services() -> [Service] {
        var service = Service(
            metadata: ObjectMeta(name: "kube-dns", namespace: "kube-system", labels: ["k8s-app": "kube-dns"]),
            spec: ServiceSpec(
                selector: ["k8s-app": "kube-dns"],
                ports: [ServicePort(name: "dns-tcp", port: 53, targetPort: .int(53)), ServicePort(name: "metrics", port: 9153, targetPort: .int(9153))]))
        service.spec.clusterIP = "10.96.0.10"
        service.setTypeMeta()
        return [service]
    }

    /// Static (mirror) pods bound to their node, as the kubelet creates them from manifests.
    public static func staticPods(nodeNames: [String], kubernetesVersion: String, suffix: (Int) -> String) -> [Pod] {
        guard let first = nodeNames.first else { return [] }
        func pod(_ name: String, _ node: String, _ image: String, labels: [String: String]) -> Pod {
            var container = Container(name: labels["component"] ?? labels["k8s-app"] ?? name, image: image)
            container.resources = ResourceRequirements(requests: ["cpu": "50m"])
            var spec = PodSpec(containers: [container])
            spec.nodeName = node
            spec.hostNetwork = true
            spec.priorityClassName = "system-node-critical"
            var meta = ObjectMeta(name: name, namespace: "kube-system", labels: labels)
            meta.ownerReferences = [OwnerReference(apiVersion: "v1", kind: "Node", name: node, uid: ClusterBootstrap.uid("node/\(node)"))]
            var pod = Pod(metadata: meta, spec: spec)
            pod.setTypeMeta()
            return pod
        }
        var pods = [
            pod("etcd-\(first)", first, "registry.k8s.io/etcd:3.5.16-0", labels: ["component": "etcd", "tier": "control-plane"]),
            pod("kube-apiserver-\(first)", first, "registry.k8s.io/kube-apiserver:\(kubernetesVersion)", labels: ["component": "kube-apiserver", "tier": "control-plane"]),
            pod("kube-controller-manager-\(first)", first, "registry.k8s.io/kube-controller-manager:\(kubernetesVersion)", labels: ["component": "kube-controller-manager", "tier": "control-plane"]),
            pod("kube-scheduler-\(first)", first, "registry.k8s.io/kube-scheduler:\(kubernetesVersion)", labels: ["component": "kube-scheduler", "tier": "control-plane"]),
            pod("storage-provisioner", first, "gcr.io/k8s-minikube/storage-provisioner:v5", labels: ["integration-test": "storage-provisioner"]),
        ]
        for (index, node) in nodeNames.enumerated() {
            pods.append(pod("kube-proxy-\(suffix(index))", node, "registry.k8s.io/kube-proxy:\(kubernetesVersion)", labels: ["k8s-app": "kube-proxy"]))
        }
        return pods
    }
}
