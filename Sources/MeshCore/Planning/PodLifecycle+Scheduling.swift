extension PodLifecycle {
    /// The status the scheduler writes when no node fits: PodScheduled False, reason `Unschedulable`,
    /// the FailedScheduling message (kubectl then shows `Pending`).
    public static func unschedulable(_ pod: Pod, message: String, now: Double) -> PodStatus {
        var status = pod.status ?? PodStatus(phase: "Pending")
        status.phase = "Pending"
        var conditions = status.conditions ?? []
        conditions.set(
            Condition(
                type: "PodScheduled", status: "False", reason: "Unschedulable", message: message,
                lastTransitionTime: Timestamp.format(now)))
        status.conditions = conditions
        return status
    }

    /// The status after binding: PodScheduled True (the kubelet's stages follow).
    public static func scheduled(_ pod: Pod, now: Double) -> PodStatus {
        var status = pod.status ?? PodStatus(phase: "Pending")
        var conditions = status.conditions ?? []
        conditions.set(Condition(type: "PodScheduled", status: "True", lastTransitionTime: Timestamp.format(now)))
        status.conditions = conditions
        return status
    }

    /// Where a pod runs: hostNetwork pods share the node's IP; others take `allocate()` (e.g.
    /// `PodIPAllocator.next`), called only when needed.
    public static func placement(for pod: Pod, nodeIP: String, allocate: () -> String?) -> Placement? {
        if pod.spec.hostNetwork == true { return Placement(hostIP: nodeIP, podIP: nodeIP) }
        return allocate().map { Placement(hostIP: nodeIP, podIP: $0) }
    }
}
