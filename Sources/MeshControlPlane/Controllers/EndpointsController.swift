import MeshCore
import MeshStore

/// The endpoints controller: each Service with a selector gets an `Endpoints` object listing the
/// Ready pods it selects (`addresses`) and the others (`notReadyAddresses`).
public actor EndpointsController: Reconciler {
    public nonisolated let name = "endpoint-controller"
    public nonisolated let watchedKinds: Set<String> = ["Service", "Pod"]
    private let store: ObjectStore

    /// Creates the controller.
    public init(store: ObjectStore) { self.store = store }

    /// A Service syncs itself; a pod syncs every Service in its namespace (selectors checked in sync).
    public nonisolated func keys(for event: WatchEvent) -> [String] {
        let object = event.object
        if object.resourceKind.kind == "Service" { return [object.key.description] }
        return ["ns:" + (object.metadata.namespace ?? "default")]
    }

    /// Every Service.
    public nonisolated func initialKeys(in store: ObjectStore) async -> [String] {
        await store.list(kind: "Service").map(\.key.description)
    }

    /// Recomputes one Service's endpoints (or all of a namespace's).
    public func reconcile(_ key: String) async throws {
        if key.hasPrefix("ns:") {
            let namespace = String(key.dropFirst(3))
            for service in await store.list(Service.self, namespace: namespace) {
                try await sync(service.key, service: service)
            }
            return
        }
        let objectKey = ObjectKey.fromQueueKey(key, kind: "Service")
        try await sync(objectKey, service: await store.get(objectKey)?.as(Service.self))
    }

    private func sync(_ key: ObjectKey, service: Service?) async throws {
        let endpointsKey = ObjectKey(kind: "Endpoints", namespace: key.namespace, name: key.name)
        guard let service else {
            if await store.get(endpointsKey) != nil {
                try await store.write([.delete(endpointsKey, gracePeriodSeconds: nil)])
            }
            return
        }
        // Why: a Service without a selector has manually managed Endpoints (the `kubernetes` Service).
        guard let selector = service.spec.selector, !selector.isEmpty else { return }
        let pods = await store.list(Pod.self, namespace: key.namespace).filter { pod in
            selector.allSatisfy { pod.metadata.labels?[$0.key] == $0.value }
        }
        let endpoints = EndpointsBuilder.endpoints(for: service, pods: pods)
        if let existing = await store.get(endpointsKey)?.as(Endpoints.self), existing.subsets == endpoints.subsets {
            return
        }
        try await store.write([.apply(AnyResource(endpoints))])
    }
}

/// The endpoints controller's pure part: Service + pods -> `Endpoints`.
public enum EndpointsBuilder {
    /// Ready pods with IPs become addresses, not-ready ones notReadyAddresses; terminating pods are left out.
    public static func endpoints(for service: Service, pods: [Pod]) -> Endpoints {
        var meta = ObjectMeta(
            name: service.metadata.name, namespace: service.metadata.namespace, labels: service.metadata.labels)
        meta.labels = meta.labels?.isEmpty == true ? nil : meta.labels
        var bySignature: [[EndpointPort]: (ready: [EndpointAddress], notReady: [EndpointAddress])] = [:]
        for pod in pods.sorted(by: { ($0.status?.podIP ?? "") < ($1.status?.podIP ?? "") }) {
            guard let ip = pod.status?.podIP, !pod.isTerminating, pod.isActive else { continue }
            var ports: [EndpointPort] = []
            for port in service.spec.ports ?? [] {
                guard let number = targetPort(port, pod: pod) else { continue }
                ports.append(EndpointPort(name: port.name, port: number))
            }
            guard !ports.isEmpty || (service.spec.ports ?? []).isEmpty else { continue }
            let address = EndpointAddress(
                ip: ip, nodeName: pod.spec.nodeName,
                targetRef: ObjectReference(
                    kind: "Pod", namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid))
            if pod.isReady {
                bySignature[ports, default: ([], [])].ready.append(address)
            } else {
                bySignature[ports, default: ([], [])].notReady.append(address)
            }
        }
        let subsets = bySignature.keys.sorted { $0.map(\.port).lexicographicallyPrecedes($1.map(\.port)) }.map {
            ports in
            let entry = bySignature[ports]!
            return EndpointSubset(
                addresses: entry.ready.isEmpty ? nil : entry.ready,
                notReadyAddresses: entry.notReady.isEmpty ? nil : entry.notReady, ports: ports)
        }
        return Endpoints(metadata: meta, subsets: subsets.isEmpty ? nil : subsets)
    }

    /// `podutil.FindPort`: a numeric targetPort as is, a named one looked up in the containers' ports.
    public static func targetPort(_ port: ServicePort, pod: Pod) -> Int? {
        switch port.targetPort ?? .int(port.port) {
        case .int(let number): return number
        case .string(let name):
            for container in pod.spec.containers {
                if let match = container.ports?.first(where: { $0.name == name }) { return match.containerPort }
            }
            return Int(name)
        }
    }
}
