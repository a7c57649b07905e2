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
        guard service.spec.selector?.isEmpty == false,
            let endpoints = EndpointsPlanner.endpoints(
                for: service, pods: await store.list(Pod.self, namespace: key.namespace))
        else { return }
        if let existing = await store.get(endpointsKey)?.as(Endpoints.self), existing.subsets == endpoints.subsets {
            return
        }
        try await store.write([.apply(AnyResource(endpoints))])
    }
}
