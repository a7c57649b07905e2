import MeshCore
import MeshStore

/// kube-scheduler: binds each pending pod to a node by filters and scores (resources, topology spread).
///
/// Why a cache: like kube-scheduler's own cache, the per-node requested resources are built once
/// and then updated as pods are bound ("assumed") and deleted, so one scheduling cycle costs
/// O(pending pods x nodes), not O(every pod in the cluster).
public actor SchedulerController: Reconciler {
    public nonisolated let name = "default-scheduler"
    public nonisolated let watchedKinds: Set<String> = ["Pod", "Node"]
    private let store: ObjectStore
    private let events: EventRecorder
    private let clock: any ClusterClock
    private let scheduler = Scheduler()
    private var generator: SeededGenerator
    private var infos: [String: SchedulerNodeInfo]?
    private var accounted: [ObjectKey: Pod] = [:]
    private var spreadIndex = PodLabelIndex()
    private static let cycleKey = "cycle"

    /// Creates the scheduler.
    public init(store: ObjectStore, events: EventRecorder, clock: any ClusterClock, seed: UInt64) {
        self.store = store
        self.events = events
        self.clock = clock
        generator = SeededGenerator(seed: seed)
    }

    /// Pending pods start a cycle; a deleted bound pod frees its node's resources; node changes rebuild the cache.
    public nonisolated func keys(for event: WatchEvent) -> [String] {
        if let pod = event.object.as(Pod.self) {
            if pod.spec.nodeName == nil { return event.type == .deleted ? [] : [Self.cycleKey] }
            if event.type == .deleted { return ["forget:" + pod.key.description] }
            if event.previous?.as(Pod.self)?.spec.nodeName == nil { return ["assume:" + pod.key.description] }
            // Why: PodTopologySpread does not count terminating pods.
            if pod.isTerminating, event.previous?.as(Pod.self)?.isTerminating == false {
                return ["terminating:" + pod.key.description]
            }
            return []
        }
        return ["nodes"]
    }

    /// One cycle at start-up.
    public nonisolated func initialKeys(in store: ObjectStore) async -> [String] { [Self.cycleKey] }

    /// Updates the cache, then schedules every pending pod.
    public func reconcile(_ key: String) async throws {
        if key == "nodes" {
            infos = nil
        } else if key.hasPrefix("forget:") {
            let podKey = ObjectKey.fromQueueKey(String(key.dropFirst(7)), kind: "Pod")
            if let pod = accounted.removeValue(forKey: podKey), let node = pod.spec.nodeName {
                infos?[node]?.remove(pod)
            }
            spreadIndex.remove(podKey)
        } else if key.hasPrefix("terminating:") {
            spreadIndex.remove(ObjectKey.fromQueueKey(String(key.dropFirst(12)), kind: "Pod"))
            return
        } else if key.hasPrefix("assume:") {
            // A pod bound by someone else (a static pod, a user's nodeName): count it once.
            let podKey = ObjectKey.fromQueueKey(String(key.dropFirst(7)), kind: "Pod")
            if accounted[podKey] == nil, let pod = await store.get(podKey)?.as(Pod.self), let node = pod.spec.nodeName,
                infos != nil
            {
                accounted[podKey] = pod
                infos?[node]?.add(pod)
                spreadIndex.add(pod)
            }
            return
        }
        try await cycle()
    }

    private func rebuild() async {
        var fresh: [String: SchedulerNodeInfo] = [:]
        for node in await store.list(Node.self) { fresh[node.metadata.nameOrEmpty] = SchedulerNodeInfo(node: node) }
        accounted = [:]
        spreadIndex = PodLabelIndex()
        for pod in await store.list(Pod.self) where pod.phase != "Succeeded" && pod.phase != "Failed" {
            guard let node = pod.spec.nodeName else { continue }
            fresh[node]?.add(pod)
            accounted[pod.key] = pod
            spreadIndex.add(pod)
        }
        infos = fresh
    }

    private func cycle() async throws {
        let pending = await store.unboundPods().filter { !$0.isTerminating && $0.isActive }
        guard !pending.isEmpty else { return }
        if infos == nil { await rebuild() }
        guard var nodeInfos = infos else { return }
        let order = nodeInfos.keys.sorted()
        var writes: [WriteOperation] = []
        var bound: [(Pod, String)] = []
        var failed: [(Pod, String)] = []
        let stamp = Timestamp.format(clock.now())
        // The default spread selector needs the pod's Services and controlling ReplicaSet; both
        // are read once per namespace and owner in a cycle.
        var services: [String: [Service]] = [:]
        var owners: [ObjectKey: ReplicaSet?] = [:]
        for var pod in pending {
            let namespace = pod.key.namespace
            // Only a pod without its own constraints gets the default ones.
            var defaultSelector: LabelSelector?
            if pod.spec.topologySpreadConstraints?.isEmpty ?? true {
                if services[namespace] == nil {
                    services[namespace] = await store.list(Service.self, namespace: namespace)
                }
                var owner: ReplicaSet?
                if let reference = pod.metadata.controllerRef, reference.kind == "ReplicaSet" {
                    let key = ObjectKey(kind: "ReplicaSet", namespace: namespace, name: reference.name)
                    if owners[key] == nil { owners[key] = await store.get(key)?.as(ReplicaSet.self) }
                    owner = owners[key] ?? nil
                }
                defaultSelector = TopologySpreadConstraint.defaultSelector(
                    for: pod, services: services[namespace] ?? [], replicaSets: owner.map { [$0] } ?? [])
            }
            let spread = PodTopologySpread(pod: pod, defaultSelector: defaultSelector, index: spreadIndex)
            switch scheduler.schedule(pod, nodes: order.compactMap { nodeInfos[$0] }, spread: spread, using: &generator)
            {
            case .bind(let nodeName):
                let scheduled = Condition(type: "PodScheduled", status: "True", lastTransitionTime: stamp)
                pod = PodBinding.bound(pod, to: nodeName, condition: scheduled)
                // Why a binding, not an update: kube-scheduler posts `pods/binding`, which skips
                // the pod's admission and validation.
                writes.append(.bind(pod.key, nodeName: nodeName, condition: scheduled))
                nodeInfos[nodeName]?.add(pod)
                accounted[pod.key] = pod
                spreadIndex.add(pod)
                bound.append((pod, nodeName))
            case .unschedulable(let message):
                var status = pod.status ?? PodStatus(phase: "Pending")
                var conditions = status.conditions ?? []
                guard conditions.condition("PodScheduled")?.message != message else { continue }
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
        infos = nodeInfos
        if !writes.isEmpty {
            do {
                try await store.write(writes)
            } catch {
                // The binding failed (a pod changed meanwhile): rebuild the cache (and the spread
                // index with it) and retry.
                infos = nil
                throw error
            }
        }
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
