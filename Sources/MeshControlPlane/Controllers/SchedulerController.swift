import MeshCore
import MeshStore

/// kube-scheduler: binds each pending pod to a node by filters and LeastAllocated scoring.
///
/// Why one "cycle" key: the scheduler's node view (requested resources per node) is rebuilt once per
/// cycle from the store and updated as pods are bound, so a burst of 1,000 new pods is one pass.
public actor SchedulerController: Reconciler {
    public nonisolated let name = "default-scheduler"
    public nonisolated let watchedKinds: Set<String> = ["Pod", "Node"]
    private let store: ObjectStore
    private let events: EventRecorder
    private let clock: any ClusterClock
    private let scheduler = Scheduler()
    private var generator: SeededGenerator
    private static let cycleKey = "cycle"

    /// Creates the scheduler.
    public init(store: ObjectStore, events: EventRecorder, clock: any ClusterClock, seed: UInt64) {
        self.store = store
        self.events = events
        self.clock = clock
        generator = SeededGenerator(seed: seed)
    }

    /// Any unbound pod, any freed capacity, or any node change starts a cycle.
    public nonisolated func keys(for event: WatchEvent) -> [String] {
        if let pod = event.object.as(Pod.self) {
            if pod.spec.nodeName == nil && event.type != .deleted { return [Self.cycleKey] }
            if event.type == .deleted || pod.isTerminating { return [Self.cycleKey] }
            return []
        }
        return [Self.cycleKey]
    }

    /// One cycle at start-up.
    public nonisolated func initialKeys(in store: ObjectStore) async -> [String] { [Self.cycleKey] }

    /// Schedules every pending pod.
    public func reconcile(_ key: String) async throws {
        let pods = await store.list(Pod.self)
        let pending = pods.filter { $0.spec.nodeName == nil && !$0.isTerminating && $0.isActive }
        guard !pending.isEmpty else { return }
        var infos: [String: SchedulerNodeInfo] = [:]
        for node in await store.list(Node.self) { infos[node.metadata.nameOrEmpty] = SchedulerNodeInfo(node: node) }
        for pod in pods where pod.isActive {
            if let node = pod.spec.nodeName { infos[node]?.add(pod) }
        }
        var writes: [WriteOperation] = []
        var bound: [(Pod, String)] = []
        var failed: [(Pod, String)] = []
        let ordered = infos.keys.sorted().compactMap { infos[$0] }
        var nodes = ordered
        let stamp = Timestamp.format(clock.now())
        for var pod in pending {
            switch scheduler.schedule(pod, nodes: nodes, using: &generator) {
            case .bind(let nodeName):
                pod.spec.nodeName = nodeName
                var status = pod.status ?? PodStatus(phase: "Pending")
                var conditions = status.conditions ?? []
                conditions.set(Condition(type: "PodScheduled", status: "True", lastTransitionTime: stamp))
                status.conditions = conditions
                pod.status = status
                pod.metadata.resourceVersion = nil
                writes.append(.update(AnyResource(pod)))
                if let index = nodes.firstIndex(where: { $0.node.metadata.name == nodeName }) { nodes[index].add(pod) }
                bound.append((pod, nodeName))
            case .unschedulable(let message):
                var status = pod.status ?? PodStatus(phase: "Pending")
                var conditions = status.conditions ?? []
                let previous = conditions.condition("PodScheduled")
                guard previous?.message != message else { continue }
                conditions.set(
                    Condition(
                        type: "PodScheduled", status: "False", reason: "Unschedulable", message: message,
                        lastTransitionTime: stamp))
                status.conditions = conditions
                pod.status = status
                writes.append(.updateStatus(AnyResource(pod)))
                failed.append((pod, message))
            }
        }
        if !writes.isEmpty { try await store.write(writes) }
        for (pod, node) in bound {
            await events.record(
                AnyResource(pod), reason: "Scheduled",
                message:
                    "Successfully assigned \(pod.metadata.namespace ?? "default")/\(pod.metadata.nameOrEmpty) to \(node)",
                component: "default-scheduler")
        }
        for (pod, message) in failed {
            await events.record(
                AnyResource(pod), type: "Warning", reason: "FailedScheduling", message: message,
                component: "default-scheduler")
        }
    }
}
