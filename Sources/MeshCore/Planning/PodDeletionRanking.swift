import Foundation

/// The order in which a ReplicaSet gives up pods when it scales down: the first pods are deleted first.
///
/// Why: copies `controller.ActivePodsWithRanks.Less` (pkg/controller/controller_utils.go) with the
/// default feature gates (PodDeletionCost and LogarithmicScaleDown on):
/// 1. unassigned < assigned; 2. Pending < Unknown < Running; 3. not ready < ready;
/// 4. lower `controller.kubernetes.io/pod-deletion-cost` first; 5. more co-located related pods first;
/// 6. ready for less time first (log2 buckets); 7. more container restarts first;
/// 8. newer first (log2 buckets); ties by UID.
/// Each pod's sort key is computed once, so ranking n pods is O(n log n) with no timestamp re-parsing.
public enum PodDeletionRanking {
    /// The annotation that lets users steer scale-down.
    public static let deletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost"

    struct Key {
        var pod: Pod
        var unassigned: Bool
        var phaseOrdinal: Int
        var ready: Bool
        var cost: Int
        var rank: Int
        var readySince: Double?
        var regularRestarts: Int
        var sidecarRestarts: Int
        var created: Double?
        var uid: String
    }

    /// `pods` sorted so that the ones to delete first come first. `related` are other pods (from the
    /// same Deployment) used for the "doubled up on a node" rank; pass `pods` itself when in doubt.
    public static func sorted(_ pods: [Pod], related: [Pod]? = nil, now: Double) -> [Pod] {
        var perNode: [String: Int] = [:]
        for pod in related ?? pods {
            if let node = pod.spec.nodeName, !node.isEmpty, pod.isActive { perNode[node, default: 0] += 1 }
        }
        let keys = pods.map { key(for: $0, rank: perNode[$0.spec.nodeName ?? ""] ?? 0) }
        return keys.sorted { less($0, $1, now: now) }.map(\.pod)
    }

    static func key(for pod: Pod, rank: Int) -> Key {
        let phaseOrdinal: Int
        switch pod.phase {
        case "Pending": phaseOrdinal = 0
        case "Unknown": phaseOrdinal = 1
        case "Running": phaseOrdinal = 2
        default: phaseOrdinal = 3
        }
        var regular = 0
        for status in pod.status?.containerStatuses ?? [] { regular = max(regular, status.restartCount) }
        let sidecarNames = Set((pod.spec.initContainers ?? []).filter { $0.restartPolicy == "Always" }.map(\.name))
        var sidecar = 0
        for status in pod.status?.initContainerStatuses ?? [] where sidecarNames.contains(status.name) {
            sidecar = max(sidecar, status.restartCount)
        }
        return Key(
            pod: pod, unassigned: (pod.spec.nodeName ?? "").isEmpty, phaseOrdinal: phaseOrdinal,
            ready: pod.isReady,
            cost: pod.metadata.annotations?[deletionCostAnnotation].flatMap { Int($0) } ?? 0, rank: rank,
            readySince: PodReadiness.readySince(pod), regularRestarts: regular, sidecarRestarts: sidecar,
            created: FastTime.parse(pod.metadata.creationTimestamp), uid: pod.metadata.uid ?? "")
    }

    static func less(_ i: Key, _ j: Key, now: Double) -> Bool {
        if i.unassigned != j.unassigned { return i.unassigned }
        if i.phaseOrdinal != j.phaseOrdinal { return i.phaseOrdinal < j.phaseOrdinal }
        if i.ready != j.ready { return !i.ready }
        if i.cost != j.cost { return i.cost < j.cost }
        if i.rank != j.rank { return i.rank > j.rank }
        if i.ready, j.ready, i.readySince != j.readySince {
            if let result = compareTimes(i.readySince, j.readySince, i.uid, j.uid, now: now) { return result }
        }
        if i.regularRestarts != j.regularRestarts { return i.regularRestarts > j.regularRestarts }
        if i.sidecarRestarts != j.sidecarRestarts { return i.sidecarRestarts > j.sidecarRestarts }
        if i.created != j.created {
            if let result = compareTimes(i.created, j.created, i.uid, j.uid, now: now) { return result }
        }
        return false
    }

    /// `afterOrZero` / `logarithmicRankDiff`: zero times sort first, then newer (smaller log2 age) first.
    static func compareTimes(_ t1: Double?, _ t2: Double?, _ uid1: String, _ uid2: String, now: Double) -> Bool? {
        guard let t1, let t2 else { return t1 == nil }
        let r1 = bucket(now - t1)
        let r2 = bucket(now - t2)
        if r1 == r2 { return uid1 < uid2 }
        return r1 < r2
    }

    /// `int64(math.Log2(float64(d)))` of a duration in nanoseconds, -1 when not positive.
    static func bucket(_ seconds: Double) -> Int {
        let nanos = seconds * 1e9
        return nanos > 0 ? Int(log2(nanos)) : -1
    }
}
