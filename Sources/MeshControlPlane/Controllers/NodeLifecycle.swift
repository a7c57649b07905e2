import MeshCore
import MeshStore

/// Stopping and starting a simulated node, as the node lifecycle controller sees it.
///
/// Why these steps: when a kubelet stops posting status, Kubernetes' node lifecycle controller sets
/// the node's conditions to Unknown, taints it `node.kubernetes.io/unreachable` (NoSchedule and
/// NoExecute, the latter stamped with `timeAdded`) and marks its pods Ready=False at once
/// (`MarkPodsNotReady`), so Endpoints drop them and traffic moves to the other nodes. Deleting the
/// pods is the taint-eviction controller's job, when their tolerations run out (300 s by default).
public enum NodeLifecycle {
    /// The taints the node lifecycle controller puts on an unreachable node: NoSchedule keeps new
    /// pods away, NoExecute evicts running ones (after their toleration seconds).
    public static let unreachableTaints = [
        Taint(key: DefaultTolerationSeconds.unreachableKey, effect: "NoSchedule"),
        Taint(key: DefaultTolerationSeconds.unreachableKey, effect: "NoExecute"),
    ]

    /// What stopping a node means for each of its pods (mirror pods of static pods left out).
    public struct StopReport: Sendable, Hashable {
        /// The node.
        public var node: String
        /// The time of the stop.
        public var now: Double
        /// Each pod and the taint-eviction controller's decision for it.
        public var pods: [PodEviction]

        /// One pod's fate.
        public struct PodEviction: Sendable, Hashable {
            /// The pod.
            public var key: ObjectKey
            /// Kept, or evicted at a time.
            public var decision: TaintEviction.Decision
        }

        /// Lines telling the user when the pods will be evicted.
        public var lines: [String] {
            guard !pods.isEmpty else { return [] }
            var groups: [Double?: [String]] = [:]
            for pod in pods {
                let name = "\(pod.key.namespace)/\(pod.key.name)"
                switch pod.decision {
                case .keep: groups[nil, default: []].append(name)
                case .evict(let deadline): groups[max(0, deadline - now), default: []].append(name)
                }
            }
            var lines = [
                "💡  \(pods.count) pod(s) on \(node) are NotReady now and out of Endpoints; the taint-eviction-controller deletes them when their node.kubernetes.io/unreachable toleration runs out (unless the node starts first):"
            ]
            for delay in groups.keys.compactMap({ $0 }).sorted() {
                let names = groups[delay]!.sorted()
                // Why round up: taints carry whole-second `timeAdded` stamps, as in Kubernetes.
                let seconds = Int(delay.rounded(.up))
                let when =
                    seconds <= 0 ? "now (no toleration)" : "in \(seconds)s (at \(Timestamp.format(now + delay)))"
                lines.append("    evicted \(when):")
                lines += names.map { "      \($0)" }
            }
            if let forever = groups[nil] {
                lines.append("    never evicted (tolerated forever):")
                lines += forever.sorted().map { "      \($0)" }
            }
            return lines
        }
    }

    /// Marks the node NotReady (status Unknown), taints it, kills its pods' servers and marks the
    /// pods Ready=False; returns when each will be evicted.
    @discardableResult
    public static func stop(
        node name: String, store: ObjectStore, kubelet: KubeletController, events: EventRecorder, now: Double
    ) async throws -> StopReport {
        guard var node = await store.get(Node.self, name: name) else {
            throw StoreError(.notFound, "nodes \"\(name)\" not found")
        }
        let stamp = Timestamp.format(now)
        var conditions = node.status.conditions ?? []
        for type in ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] {
            conditions.set(
                Condition(
                    type: type, status: "Unknown", reason: "NodeStatusUnknown",
                    message: "Kubelet stopped posting node status.", lastTransitionTime: stamp))
        }
        node.status.conditions = conditions
        var taints = node.spec.taints ?? []
        for taint in unreachableTaints where !taints.contains(where: { $0.matches(taint) }) {
            var added = taint
            if taint.effect == "NoExecute" { added.timeAdded = stamp }
            taints.append(added)
        }
        node.spec.taints = taints
        node.metadata.resourceVersion = nil
        let pods = await store.list(Pod.self).filter { $0.spec.nodeName == name && !$0.isTerminating }
        try await store.write([.update(AnyResource(node))])
        // Why skipping pods gone meanwhile: the node lifecycle controller's MarkPodsNotReady
        // ignores pods already deleted.
        try await store.writeSkippingMissing(
            pods.filter(\.isReady).map { pod in
                var updated = pod
                updated.status = PodLifecycle.nodeNotReady(pod, now: now)
                updated.metadata.resourceVersion = nil
                return .updateStatus(AnyResource(updated))
            })
        await events.record(
            AnyResource(node), reason: "NodeNotReady", message: "Node \(name) status is now: NodeNotReady",
            component: "node-controller")
        for pod in pods {
            await kubelet.kill(pod.key)
            await events.record(
                AnyResource(pod), type: "Warning", reason: "NodeNotReady", message: "Node is not ready",
                component: "node-controller")
        }
        let evictable = pods.filter { $0.metadata.controllerRef?.kind != "Node" }.sorted { $0.key < $1.key }
        return StopReport(
            node: name, now: now,
            pods: evictable.map {
                StopReport.PodEviction(key: $0.key, decision: TaintEviction.decide($0, on: node, now: now))
            })
    }

    /// Marks the node Ready again and removes the taints: pending evictions are cancelled and the
    /// kubelet starts the node's pods again (Ready once running).
    public static func start(node name: String, store: ObjectStore, events: EventRecorder, now: Double) async throws {
        guard var node = await store.get(Node.self, name: name) else {
            throw StoreError(.notFound, "nodes \"\(name)\" not found")
        }
        let stamp = Timestamp.format(now)
        var conditions = node.status.conditions ?? []
        conditions.set(
            Condition(
                type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status",
                lastTransitionTime: stamp))
        for (type, reason, message) in [
            ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ] {
            conditions.set(
                Condition(type: type, status: "False", reason: reason, message: message, lastTransitionTime: stamp))
        }
        node.status.conditions = conditions
        node.spec.taints = (node.spec.taints ?? []).filter { taint in !unreachableTaints.contains { $0.matches(taint) }
        }
        if node.spec.taints?.isEmpty == true { node.spec.taints = nil }
        node.metadata.resourceVersion = nil
        try await store.write([.update(AnyResource(node))])
        await events.record(
            AnyResource(node), reason: "NodeReady", message: "Node \(name) status is now: NodeReady",
            component: "kubelet")
    }
}
