import MeshCore
import MeshStore

/// The taint-eviction controller (formerly the node lifecycle controller's taint manager): deletes
/// pods from nodes with NoExecute taints once their tolerations run out.
///
/// Why timers on the cluster clock: Kubernetes queues each pod's deletion for `tolerationSeconds`
/// after the taint appeared (300 s by default, from DefaultTolerationSeconds) and cancels it when the
/// taint goes away; sleeping on `ClusterClock` lets tests move time with a manual clock instead of
/// waiting. Deadlines come from the taint's `timeAdded`, so a daemon restart re-arms the same ones.
public actor TaintEvictionController: Reconciler {
    public nonisolated let name = "taint-eviction-controller"
    public nonisolated let watchedKinds: Set<String> = ["Pod", "Node"]
    private let store: ObjectStore
    private let events: EventRecorder
    private let clock: any ClusterClock
    private var timers: [ObjectKey: EvictionTimer] = [:]
    private var nextTimer = 0

    /// Creates the controller.
    public init(store: ObjectStore, events: EventRecorder, clock: any ClusterClock) {
        self.store = store
        self.events = events
        self.clock = clock
    }

    /// A node whose NoExecute taints change re-examines its pods; a newly bound or deleted pod itself.
    public nonisolated func keys(for event: WatchEvent) -> [String] {
        if let node = event.object.as(Node.self) {
            let before = event.previous?.as(Node.self).map(Self.noExecute) ?? []
            let after = event.type == .deleted ? [] : Self.noExecute(node)
            return before == after ? [] : ["node:" + node.metadata.nameOrEmpty]
        }
        guard let pod = event.object.as(Pod.self), pod.spec.nodeName != nil else { return [] }
        if event.type == .deleted || event.previous?.as(Pod.self)?.spec.nodeName == nil {
            return ["pod:" + pod.key.description]
        }
        return []
    }

    /// Every node that has NoExecute taints (timers come back after a restart).
    public nonisolated func initialKeys(in store: ObjectStore) async -> [String] {
        await store.list(Node.self).filter { !Self.noExecute($0).isEmpty }.map { "node:" + $0.metadata.nameOrEmpty }
    }

    /// Re-examines one pod, or every pod of one node.
    public func reconcile(_ key: String) async throws {
        if key.hasPrefix("node:") {
            let node = String(key.dropFirst(5))
            for pod in await store.list(Pod.self) where pod.spec.nodeName == node { try await process(pod.key) }
            return
        }
        try await process(ObjectKey.fromQueueKey(String(key.dropFirst(4)), kind: "Pod"))
    }

    /// Pods with an eviction scheduled and when (tests and `node stop` read this).
    public var scheduled: [ObjectKey: Double] { timers.mapValues(\.deadline) }

    private func process(_ key: ObjectKey) async throws {
        // Why skip mirror pods: a static pod's mirror is owned by its Node and tolerates every
        // NoExecute taint (the kubelet adds `operator: Exists`); the kubelet, not eviction, owns it.
        guard let pod = await store.get(key)?.as(Pod.self), !pod.isTerminating,
            pod.metadata.controllerRef?.kind != "Node", let nodeName = pod.spec.nodeName,
            let node = await store.get(Node.self, name: nodeName)
        else {
            await cancel(key, pod: nil)
            return
        }
        let now = clock.now()
        switch TaintEviction.decide(pod, on: node, now: now) {
        case .keep:
            await cancel(key, pod: pod)
        case .evict(let deadline) where deadline <= now:
            timers.removeValue(forKey: key)?.task.cancel()
            await events.record(
                AnyResource(pod), reason: "TaintManagerEviction",
                message: "Marking for deletion Pod \(key.namespace)/\(key.name)", component: name)
            // Why force: the pod's kubelet is gone and will never confirm a graceful deletion; the
            // ReplicaSet replaces the pod on a node that still works.
            // A pod deleted meanwhile (by another pass of this controller, or by its owner) is done.
            try await store.writeSkippingMissing([.delete(key, gracePeriodSeconds: 0)])
        case .evict(let deadline):
            if timers[key]?.deadline == deadline { return }
            timers.removeValue(forKey: key)?.task.cancel()
            nextTimer += 1
            let id = nextTimer
            timers[key] = EvictionTimer(id: id, deadline: deadline, task: arm(key, id: id, deadline: deadline))
        }
    }

    private func arm(_ key: ObjectKey, id: Int, deadline: Double) -> Task<Void, Never> {
        let clock = clock
        return Task { [weak self] in
            guard (try? await clock.sleep(until: deadline)) != nil else { return }
            try? await self?.fire(key, id: id)
        }
    }

    private func fire(_ key: ObjectKey, id: Int) async throws {
        guard timers[key]?.id == id else { return }
        timers[key] = nil
        try await process(key)
    }

    private func cancel(_ key: ObjectKey, pod: Pod?) async {
        guard let timer = timers.removeValue(forKey: key) else { return }
        timer.task.cancel()
        guard let pod else { return }
        await events.record(
            AnyResource(pod), reason: "TaintManagerEviction",
            message: "Cancelling deletion of Pod \(key.namespace)/\(key.name)", component: name)
    }

    static func noExecute(_ node: Node) -> [Taint] { (node.spec.taints ?? []).filter { $0.effect == "NoExecute" } }
}

/// One scheduled eviction.
struct EvictionTimer: Sendable {
    var id: Int
    var deadline: Double
    var task: Task<Void, Never>
}
