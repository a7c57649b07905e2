import MeshCore

/// Builds `ServiceEndpoints` the way the Kubernetes endpoints controller and istiod do: Ready,
/// non-terminating pods in the Service's namespace whose labels include the selector, with every
/// container port mapped to the real local port the data plane gave it.
public enum EndpointResolver {
    /// Ready endpoints for every Service with a selector.
    ///
    /// - Parameter localPort: the real loopback port serving `containerPort` of `pod`, nil when none.
    public static func endpoints(
        services: [Service], pods: [Pod], localPort: (_ pod: Pod, _ containerPort: Int) -> Int?
    ) -> [ServiceEndpoints] {
        services.compactMap { service in
            guard let selector = service.spec.selector, !selector.isEmpty else { return nil }
            let namespace = service.metadata.namespace ?? "default"
            let selected = pods.filter { pod in
                (pod.metadata.namespace ?? "default") == namespace && pod.isReady && !pod.isTerminating
                    && selector.allSatisfy { pod.metadata.labels?[$0.key] == $0.value }
            }
            let endpoints = selected.sorted { $0.metadata.nameOrEmpty < $1.metadata.nameOrEmpty }.map { pod in
                endpoint(for: pod, firstPort: service.spec.ports?.first, localPort: localPort)
            }
            return ServiceEndpoints(namespace: namespace, service: service.metadata.nameOrEmpty, endpoints: endpoints)
        }
    }

    /// A pod whose one local server (the app's, or its sidecar's) listens at `localPort`, as the
    /// daemon runs pods: the app answers the pod's `servingPorts` (any port when it declares
    /// none), and a sidecar intercepts every port, refusing itself what the app does not serve.
    public static func endpoint(for pod: Pod, address: String, port: Int, localPort: Int) -> UpstreamEndpoint {
        var localPorts: [Int: Int] = [:]
        for served in pod.servingPorts { localPorts[served] = localPort }
        let server = UpstreamEndpoint(
            address: address, port: port, localPort: localPort, podName: pod.metadata.nameOrEmpty,
            namespace: pod.metadata.namespace ?? "default", workload: SidecarInjector.workloadName(pod),
            labels: pod.metadata.labels ?? [:], localPorts: localPorts, namedPorts: namedPorts(of: pod),
            principal: pod.runsSidecar
                ? SpiffeIdentity.principal(
                    namespace: pod.metadata.namespace ?? "default",
                    serviceAccount: pod.spec.serviceAccountName ?? "default") : "")
        return server.with(port: port, localPort: server.localPort(forPodPort: port))
    }

    /// Container port names → numbers, for named `targetPort`s.
    static func namedPorts(of pod: Pod) -> [String: Int] {
        var named: [String: Int] = [:]
        for container in pod.spec.containers {
            for port in container.ports ?? [] {
                if let name = port.name { named[name] = port.containerPort }
            }
        }
        return named
    }

    /// One pod as an endpoint: address, labels, workload and its container port maps.
    public static func endpoint(
        for pod: Pod, firstPort: ServicePort?, localPort: (_ pod: Pod, _ containerPort: Int) -> Int?
    ) -> UpstreamEndpoint {
        var localPorts: [Int: Int] = [:]
        for container in pod.spec.containers {
            for port in container.ports ?? [] {
                if let local = localPort(pod, port.containerPort) { localPorts[port.containerPort] = local }
            }
        }
        let namedPorts = namedPorts(of: pod)
        var target = firstPort?.port ?? 80
        switch firstPort?.targetPort {
        case .int(let number)?: target = number
        case .string(let name)?: target = namedPorts[name] ?? target
        case nil: break
        }
        if localPorts[target] == nil, let local = localPort(pod, target) { localPorts[target] = local }
        return UpstreamEndpoint(
            address: pod.status?.podIP ?? "", port: target,
            localPort: localPorts[target] ?? UpstreamEndpoint.closedPort,
            podName: pod.metadata.nameOrEmpty, namespace: pod.metadata.namespace ?? "default",
            workload: workloadName(pod), labels: pod.metadata.labels ?? [:], localPorts: localPorts,
            namedPorts: namedPorts)
    }

    /// The Deployment name behind a pod: its ReplicaSet owner minus the `-<pod-template-hash>` suffix.
    public static func workloadName(_ pod: Pod) -> String {
        guard let owner = pod.metadata.controllerRef else { return pod.metadata.nameOrEmpty }
        if owner.kind == "ReplicaSet", let hash = pod.metadata.labels?["pod-template-hash"],
            owner.name.hasSuffix("-\(hash)")
        {
            return String(owner.name.dropLast(hash.count + 1))
        }
        return owner.name
    }
}
