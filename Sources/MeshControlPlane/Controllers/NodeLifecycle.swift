import MeshCore
import MeshStore

/// Stopping and starting a simulated node, as the node lifecycle controller sees it.
///
/// Why immediate eviction: Kubernetes waits `tolerationSeconds` (300 s by default) before the taint
/// manager evicts pods from an unreachable node; a simulator that makes a user wait five minutes
/// teaches nothing, so pods are evicted (force-deleted, since their kubelet is gone) at once and
/// their ReplicaSets reschedule them on the remaining nodes.
public enum NodeLifecycle {
    /// The taints the node lifecycle controller puts on an unreachable node: NoSchedule keeps new
    /// pods away, NoExecute evicts running ones (after their toleration seconds).
    public static let unreachableTaints = [
        Taint(key: "node.kubernetes.io/unreachable", effect: "NoSchedule"),
        Taint(key: "node.kubernetes.io/unreachable", effect: "NoExecute"),
    ]

    /// Marks the node NotReady (status Unknown), taints it, kills its pods' servers and evicts them.
    public static func stop(
        node name: String, store: ObjectStore, kubelet: KubeletController, events: EventRecorder, now: Double
    )
        async throws
    {
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
        for taint in unreachableTaints where !taints.contains(taint) { taints.append(taint) }
        node.spec.taints = taints
        node.metadata.resourceVersion = nil
        try await store.write([.update(AnyResource(node))])
        await events.record(
            AnyResource(node), reason: "NodeNotReady", message: "Node \(name) status is now: NodeNotReady",
            component: "node-controller")
        let pods = await store.list(Pod.self).filter { $0.spec.nodeName == name }
        for pod in pods { await kubelet.kill(pod.key) }
        for pod in pods where pod.metadata.controllerRef?.kind != "Node" {
            await events.record(
                AnyResource(pod), type: "Warning", reason: "TaintManagerEviction",
                message: "Marking for deletion Pod \(pod.metadata.namespace ?? "default")/\(pod.metadata.nameOrEmpty)",
                component: "taint-eviction-controller")
        }
        let evictions = pods.filter { $0.metadata.controllerRef?.kind != "Node" }.map {
            WriteOperation.delete($0.key, gracePeriodSeconds: 0)
        }
        if !evictions.isEmpty { try await store.write(evictions) }
    }

    /// Marks the node Ready again and removes the taint; its static pods come back.
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
        node.spec.taints = (node.spec.taints ?? []).filter { !unreachableTaints.contains($0) }
        if node.spec.taints?.isEmpty == true { node.spec.taints = nil }
        node.metadata.resourceVersion = nil
        try await store.write([.update(AnyResource(node))])
        await events.record(
            AnyResource(node), reason: "NodeReady", message: "Node \(name) status is now: NodeReady",
            component: "kubelet")
    }
}
