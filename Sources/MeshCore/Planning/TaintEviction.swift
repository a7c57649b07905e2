/// The taint-eviction controller's decision for one pod on a node with NoExecute taints.
///
/// Why: copies pkg/controller/tainteviction (`processPodOnNode`, `getMinTolerationTime`): a pod
/// that does not tolerate every NoExecute taint is deleted at once; otherwise it is deleted when the
/// shortest `tolerationSeconds` among the tolerations in use runs out (counted from the taint's
/// `timeAdded`, so a restarted daemon keeps the same deadline); tolerations without seconds keep it
/// forever. A toleration of 0 or less evicts at once.
public enum TaintEviction {
    /// What happens to the pod.
    public enum Decision: Sendable, Hashable {
        /// No NoExecute taint concerns it, or it tolerates them forever.
        case keep
        /// Delete it at this time (seconds since the epoch; at or before now means now).
        case evict(at: Double)
    }

    /// The decision for a pod with `tolerations` on a node with `taints`, now being `now`.
    public static func decide(tolerations: [Toleration], taints: [Taint], now: Double) -> Decision {
        let noExecute = taints.filter { $0.effect == "NoExecute" }
        guard !noExecute.isEmpty else { return .keep }
        var used: [Toleration] = []
        for taint in noExecute {
            guard let toleration = tolerations.first(where: { $0.tolerates(taint) }) else { return .evict(at: now) }
            used.append(toleration)
        }
        let bounded = used.compactMap(\.tolerationSeconds)
        guard let shortest = bounded.min() else { return .keep }
        if shortest <= 0 { return .evict(at: now) }
        let start = noExecute.compactMap { $0.timeAdded.flatMap(Timestamp.parse) }.min() ?? now
        return .evict(at: start + Double(shortest))
    }

    /// The decision for `pod` on `node`.
    public static func decide(_ pod: Pod, on node: Node, now: Double) -> Decision {
        decide(tolerations: Toleration.of(pod.spec), taints: node.spec.taints ?? [], now: now)
    }
}
