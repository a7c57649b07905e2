import MeshCore
import MeshStore

/// The endpoints controller: each Service with a selector gets an `Endpoints` object listing the
/// Ready pods it selects (`addresses`) and the others (`notReadyAddresses`).
public actor EndpointsController: Reconciler {
    public nonisolated let name = "endpoint-controller"
    public nonisolated let watchedKinds: Set<String> = ["Service", "Pod"]
    private let store: ObjectStore
    /// kube-controller-manager's `--concurrent-endpoint-syncs` default.
    public nonisolated var workers: Int { 5 }

    /// Creates the controller.
    public init(store: ObjectStore) { self.store = store }

    /// A Service syncs itself; a pod syncs every Service in its namespace (selectors checked in sync).
    ///
    /// Why the filter: kube-controller-manager's endpoints controller ignores pod updates that
    /// change nothing an endpoint shows (labels, readiness, IP, node, deletion); most kubelet
    /// status writes are such updates.
    public nonisolated func keys(for event: WatchEvent) -> [String] {
        let object = event.object
        if object.resourceKind.kind == "Service" { return [object.key.description] }
        if event.type == .modified, let pod = object.as(Pod.self), let previous = event.previous?.as(Pod.self),
            pod.metadata.labels == previous.metadata.labels, pod.isReady == previous.isReady,
            pod.status?.podIP == previous.status?.podIP, pod.spec.nodeName == previous.spec.nodeName,
            pod.metadata.deletionTimestamp == previous.metadata.deletionTimestamp
        {
            return []
        }
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
        guard service.spec.selector?.isEmpty == false,
            let endpoints = EndpointsPlanner.endpoints(
                for: service,
                pods: await store.list(Pod.self, namespace: key.namespace, labels: service.spec.selector ?? [:]))
        else { return }
        guard let existing = await store.get(endpointsKey)?.as(Endpoints.self) else {
            try await store.write([.create(AnyResource(endpoints))])
            return
        }
        if existing.subsets == endpoints.subsets { return }
        // Why: like kube-controller-manager, the controller owns the whole object: it writes the
        // desired Endpoints over the stored one (keeping the user's annotations), not a merge.
        var desired = endpoints
        desired.metadata.annotations = existing.metadata.annotations
        desired.metadata.resourceVersion = nil
        try await store.write([.update(AnyResource(desired))])
    }
}
