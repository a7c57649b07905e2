import Foundation

/// Helpers the Deployment controller shares (pkg/controller/deployment/util/deployment_util.go).
public enum DeploymentUtil {
    /// `RevisionAnnotation`.
    public static let revisionAnnotation = "deployment.kubernetes.io/revision"
    /// `RevisionHistoryAnnotation`.
    public static let revisionHistoryAnnotation = "deployment.kubernetes.io/revision-history"
    /// `DesiredReplicasAnnotation`.
    public static let desiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas"
    /// `MaxReplicasAnnotation`.
    public static let maxReplicasAnnotation = "deployment.kubernetes.io/max-replicas"
    /// kubectl's change-cause annotation.
    public static let changeCauseAnnotation = "kubernetes.io/change-cause"
    /// `annotationsToSkip`: never copied from a Deployment to its ReplicaSets (nor back on rollback).
    public static let annotationsToSkip: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration", revisionAnnotation, revisionHistoryAnnotation,
        desiredReplicasAnnotation, maxReplicasAnnotation, "deprecated.deployment.rollback.to",
    ]
    /// `maxRevHistoryLengthInChars`.
    static let maxRevisionHistoryLength = 2000

    // MARK: - Defaults (what apps/v1 defaulting would have filled in)

    /// The strategy type, `RollingUpdate` by default.
    public static func strategyType(_ d: Deployment) -> String { d.spec.strategy?.type ?? "RollingUpdate" }
    /// Whether the strategy is RollingUpdate.
    public static func isRollingUpdate(_ d: Deployment) -> Bool { strategyType(d) == "RollingUpdate" }
    /// `spec.progressDeadlineSeconds`, 600 by default; nil when disabled (MaxInt32).
    public static func progressDeadline(_ d: Deployment) -> Int? {
        let value = d.spec.progressDeadlineSeconds ?? 600
        return value == Int(Int32.max) ? nil : value
    }
    /// `spec.revisionHistoryLimit`, 10 by default.
    public static func revisionHistoryLimit(_ d: Deployment) -> Int { d.spec.revisionHistoryLimit ?? 10 }

    // MARK: - Fenceposts

    /// `ResolveFenceposts`: surge rounded up, unavailable rounded down, both zero ⇒ unavailable 1.
    public static func resolveFenceposts(_ d: Deployment) -> (surge: Int, unavailable: Int) {
        let desired = d.desiredReplicas
        let rolling = d.spec.strategy?.rollingUpdate
        let surge = (rolling?.maxSurge ?? .string("25%")).scaled(total: desired, roundUp: true) ?? 0
        var unavailable = (rolling?.maxUnavailable ?? .string("25%")).scaled(total: desired, roundUp: false) ?? 0
        if surge == 0 && unavailable == 0 { unavailable = 1 }
        return (surge, unavailable)
    }

    /// `MaxSurge`: 0 unless RollingUpdate.
    public static func maxSurge(_ d: Deployment) -> Int { isRollingUpdate(d) ? resolveFenceposts(d).surge : 0 }

    /// `MaxUnavailable`: 0 unless RollingUpdate with replicas; never more than replicas.
    public static func maxUnavailable(_ d: Deployment) -> Int {
        guard isRollingUpdate(d), d.desiredReplicas > 0 else { return 0 }
        return min(resolveFenceposts(d).unavailable, d.desiredReplicas)
    }

    // MARK: - ReplicaSet reading

    /// `Revision(rs)`: the revision annotation as a number.
    public static func revision(_ rs: ReplicaSet) -> Int? {
        rs.metadata.annotations?[revisionAnnotation].flatMap { Int($0) }
    }

    /// `ReplicaSetsByCreationTimestamp`: oldest first, ties by name.
    public static func byCreation(_ lhs: ReplicaSet, _ rhs: ReplicaSet) -> Bool {
        let left = FastTime.parse(lhs.metadata.creationTimestamp) ?? 0
        let right = FastTime.parse(rhs.metadata.creationTimestamp) ?? 0
        return left == right ? lhs.metadata.nameOrEmpty < rhs.metadata.nameOrEmpty : left < right
    }

    /// `ReplicaSetsByRevision`: lowest revision first, ties by creation.
    public static func byRevision(_ lhs: ReplicaSet, _ rhs: ReplicaSet) -> Bool {
        let left = revision(lhs) ?? 0
        let right = revision(rhs) ?? 0
        return left == right ? byCreation(lhs, rhs) : left < right
    }

    /// Sum of `spec.replicas` (`GetReplicaCountForReplicaSets`).
    public static func specReplicas(_ sets: [ReplicaSet]) -> Int { sets.reduce(0) { $0 + $1.desiredReplicas } }
    /// Sum of `status.replicas` (`GetActualReplicaCountForReplicaSets`).
    public static func actualReplicas(_ sets: [ReplicaSet]) -> Int {
        sets.reduce(0) { $0 + ($1.status?.replicas ?? 0) }
    }
    /// Sum of `status.readyReplicas`.
    public static func readyReplicas(_ sets: [ReplicaSet]) -> Int {
        sets.reduce(0) { $0 + ($1.status?.readyReplicas ?? 0) }
    }
    /// Sum of `status.availableReplicas`.
    public static func availableReplicas(_ sets: [ReplicaSet]) -> Int {
        sets.reduce(0) { $0 + ($1.status?.availableReplicas ?? 0) }
    }

    // MARK: - Annotations

    /// `SetReplicasAnnotations`: desired-replicas and max-replicas; true when changed.
    @discardableResult
    public static func setReplicasAnnotations(_ rs: inout ReplicaSet, desired: Int, max: Int) -> Bool {
        var annotations = rs.metadata.annotations ?? [:]
        var changed = false
        if annotations[desiredReplicasAnnotation] != String(desired) {
            annotations[desiredReplicasAnnotation] = String(desired)
            changed = true
        }
        if annotations[maxReplicasAnnotation] != String(max) {
            annotations[maxReplicasAnnotation] = String(max)
            changed = true
        }
        rs.metadata.annotations = annotations
        return changed
    }

    /// `ReplicasAnnotationsNeedUpdate`.
    public static func replicasAnnotationsNeedUpdate(_ rs: ReplicaSet, desired: Int, max: Int) -> Bool {
        let annotations = rs.metadata.annotations ?? [:]
        return annotations[desiredReplicasAnnotation] != String(desired)
            || annotations[maxReplicasAnnotation] != String(max)
    }

    /// `SetNewReplicaSetAnnotations`: copy the Deployment's annotations, raise the revision (keeping
    /// the old one in revision-history when rolling back), and on creation set the replica annotations.
    public static func setNewReplicaSetAnnotations(
        _ d: Deployment, _ rs: inout ReplicaSet, newRevision: Int, exists: Bool
    ) -> Bool {
        var annotations = rs.metadata.annotations ?? [:]
        var changed = false
        for (key, value) in d.metadata.annotations ?? [:] where !annotationsToSkip.contains(key) {
            if annotations[key] == value { continue }
            annotations[key] = value
            changed = true
        }
        let oldText = annotations[revisionAnnotation]
        var oldRevision = 0
        if let oldText {
            guard let parsed = Int(oldText) else {
                rs.metadata.annotations = annotations
                return false
            }
            oldRevision = parsed
        }
        if oldRevision < newRevision {
            annotations[revisionAnnotation] = String(newRevision)
            changed = true
            if let oldText {
                let history = annotations[revisionHistoryAnnotation] ?? ""
                if history.isEmpty {
                    annotations[revisionHistoryAnnotation] = oldText
                } else {
                    var old = history.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    var total = history.count + oldText.count + 1
                    var start = 0
                    while total > maxRevisionHistoryLength && start < old.count {
                        total -= old[start].count + 1
                        start += 1
                    }
                    if total <= maxRevisionHistoryLength {
                        old = Array(old[start...]) + [oldText]
                        annotations[revisionHistoryAnnotation] = old.joined(separator: ",")
                    }
                }
            }
        }
        rs.metadata.annotations = annotations
        if !exists, setReplicasAnnotations(&rs, desired: d.desiredReplicas, max: d.desiredReplicas + maxSurge(d)) {
            changed = true
        }
        return changed
    }

    /// `IsSaturated`: the new RS runs exactly the desired replicas, all available.
    public static func isSaturated(_ d: Deployment, _ rs: ReplicaSet?) -> Bool {
        guard let rs else { return false }
        let desired = rs.metadata.annotations?[desiredReplicasAnnotation].flatMap { Int($0) }
        return rs.desiredReplicas == d.desiredReplicas && desired == d.desiredReplicas
            && (rs.status?.availableReplicas ?? 0) == d.desiredReplicas
    }

    /// `GetReplicaSetProportion`: this RS's share of `toAdd` when scaling proportionally.
    public static func proportion(_ rs: ReplicaSet, _ d: Deployment, toAdd: Int, added: Int) -> Int {
        if rs.desiredReplicas == 0 || toAdd == 0 || toAdd == added { return 0 }
        let fraction = self.fraction(rs, d)
        let allowed = toAdd - added
        return toAdd > 0 ? min(fraction, allowed) : max(fraction, allowed)
    }

    /// `getReplicaSetFraction`.
    static func fraction(_ rs: ReplicaSet, _ d: Deployment) -> Int {
        if d.desiredReplicas == 0 { return -rs.desiredReplicas }
        let maxReplicas = d.desiredReplicas + maxSurge(d)
        var before = rs.metadata.annotations?[maxReplicasAnnotation].flatMap { Int($0) } ?? 0
        if before == 0 {
            before = d.status?.replicas ?? 0
            if before == 0 { return 0 }
        }
        let size = Double(rs.desiredReplicas * maxReplicas) / Double(before)
        return Int(size.rounded(.toNearestOrAwayFromZero)) - rs.desiredReplicas
    }
}
