import MeshCore
import MeshRouting
import MeshStore

/// Where compiled route tables go: the ingress gateway (the xDS push).
public protocol RoutePublisher: Sendable {
    /// Installs a new table (in-flight requests finish on the old one) and pushes the snapshot's
    /// facts to sidecars (which Services each pod serves).
    func publish(_ table: RouteTable, snapshot: RoutingSnapshot) async
}

/// The "pilot": turns Gateways, VirtualServices, DestinationRules, ServiceEntries, Services and
/// ready endpoints into an immutable `RouteTable` and pushes it to the gateway on every change.
public actor RouteController: Reconciler {
    public nonisolated let name = "istiod"
    public nonisolated let watchedKinds: Set<String> = [
        "Gateway", "VirtualService", "DestinationRule", "ServiceEntry", "Service", "Endpoints", "Pod", "Namespace",
    ]
    private let store: ObjectStore
    private let publisher: any RoutePublisher
    private var listenerLocalPorts: [Int: Int]
    /// The newest table and the snapshot it was built from (for `routes`, `explain`, `analyze`).
    public private(set) var latest: (table: RouteTable, snapshot: RoutingSnapshot)?
    private var lastCompile = ContinuousClock.now - .seconds(1)
    private let debounce: Duration = .milliseconds(100)

    /// Creates the controller.
    public init(store: ObjectStore, publisher: any RoutePublisher, listenerLocalPorts: [Int: Int]) {
        self.store = store
        self.publisher = publisher
        self.listenerLocalPorts = listenerLocalPorts
    }

    /// Every relevant change recompiles the one table (changes in a burst coalesce in the queue).
    ///
    /// Why pods mostly don't count: like istiod, the table follows Endpoints, not pods. A pod that
    /// is created, deleted or changes readiness reaches the table through the Endpoints update the
    /// endpoints controller writes for it; only a label or annotation change on a pod already in an
    /// endpoint set (its subset labels, its local address) changes the table by itself.
    public nonisolated func keys(for event: WatchEvent) -> [String] {
        if let pod = event.object.as(Pod.self) {
            guard event.type == .modified, let previous = event.previous?.as(Pod.self) else { return [] }
            let changed =
                pod.metadata.annotations != previous.metadata.annotations
                || pod.metadata.labels != previous.metadata.labels
            return changed ? ["routes"] : []
        }
        return ["routes"]
    }

    /// One compile at start-up.
    public nonisolated func initialKeys(in store: ObjectStore) async -> [String] { ["routes"] }

    /// Builds and publishes the table.
    public func reconcile(_ key: String) async throws {
        // Why: istiod debounces config pushes (PILOT_DEBOUNCE_AFTER, 100 ms); changes arriving
        // meanwhile coalesce in the work queue into the next compile.
        let elapsed = ContinuousClock.now - lastCompile
        if elapsed < debounce { try? await Task.sleep(for: debounce - elapsed) }
        lastCompile = ContinuousClock.now
        let snapshot = await Self.snapshot(from: store, listenerLocalPorts: listenerLocalPorts)
        let table = RouteTableBuilder(snapshot: snapshot).build()
        latest = (table, snapshot)
        await publisher.publish(table, snapshot: snapshot)
    }

    /// The gateway listener opened or closed: recompiles with its new local port.
    public func setListenerLocalPorts(_ ports: [Int: Int]) async {
        guard ports != listenerLocalPorts else { return }
        listenerLocalPorts = ports
        lastCompile = ContinuousClock.now - .seconds(1)
        try? await reconcile("routes")
    }

    /// Waits until a table built from at least `revision` is published (`apply --wait`).
    public func waitForRevision(_ revision: Int) async {
        if let latest, latest.snapshot.version >= revision { return }
        // Why: the newest revisions may be writes the table ignores (events); compiling now
        // reads the store at or after `revision`, so the caller sees every change it made.
        lastCompile = ContinuousClock.now - .seconds(1)
        try? await reconcile("routes")
    }

    /// Reads the store into a routing snapshot.
    public static func snapshot(from store: ObjectStore, listenerLocalPorts: [Int: Int], includePods: Bool = false)
        async
        -> RoutingSnapshot
    {
        let endpointObjects = await store.list(Endpoints.self)
        // Only the pods behind endpoints matter to the table: one batched read of exactly those,
        // not a copy of every pod in the cluster on each compile.
        var wanted: [ObjectKey] = []
        for object in endpointObjects {
            for subset in object.subsets ?? [] {
                for address in subset.addresses ?? [] {
                    guard let ref = address.targetRef, let name = ref.name else { continue }
                    wanted.append(ObjectKey(kind: "Pod", namespace: ref.namespace ?? "default", name: name))
                }
            }
        }
        let podsByKey = await store.get(Pod.self, keys: wanted)
        var endpoints: [ServiceEndpoints] = []
        for object in endpointObjects {
            var upstream: [UpstreamEndpoint] = []
            for subset in object.subsets ?? [] {
                for address in subset.addresses ?? [] {
                    guard let ref = address.targetRef, let name = ref.name,
                        let pod = podsByKey[ObjectKey(kind: "Pod", namespace: ref.namespace ?? "default", name: name)],
                        let local = pod.metadata.annotations?[KubeletController.localAddressAnnotation],
                        let localPort = local.split(separator: ":").last.flatMap({ Int($0) })
                    else { continue }
                    upstream.append(
                        EndpointResolver.endpoint(
                            for: pod, address: address.ip, port: subset.ports?.first?.port ?? 80,
                            localPort: localPort))
                }
            }
            endpoints.append(
                ServiceEndpoints(
                    namespace: object.metadata.namespace ?? "default", service: object.metadata.nameOrEmpty,
                    endpoints: upstream))
        }
        return RoutingSnapshot(
            gateways: await store.list(Gateway.self),
            virtualServices: await store.list(VirtualService.self).sorted {
                ($0.metadata.creationTimestamp ?? "", $0.metadata.nameOrEmpty) < (
                    $1.metadata.creationTimestamp ?? "", $1.metadata.nameOrEmpty
                )
            },
            destinationRules: await store.list(DestinationRule.self),
            serviceEntries: await store.list(ServiceEntry.self),
            services: await store.list(Service.self), endpoints: endpoints,
            pods: includePods ? await store.list(Pod.self) : [],
            namespaces: await store.list(Namespace.self), listenerLocalPorts: listenerLocalPorts,
            version: await store.revision)
    }
}
