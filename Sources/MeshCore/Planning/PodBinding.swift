/// What `pods/binding` does to a pod: the node is set and the PodScheduled condition recorded.
public enum PodBinding {
    /// `pod` bound to `nodeName` with `condition` (PodScheduled=True).
    public static func bound(_ pod: Pod, to nodeName: String, condition: Condition) -> Pod {
        var bound = pod
        bound.spec.nodeName = nodeName
        var status = bound.status ?? PodStatus(phase: "Pending")
        var conditions = status.conditions ?? []
        conditions.set(condition)
        status.conditions = conditions
        bound.status = status
        return bound
    }
}
