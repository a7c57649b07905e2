/// Deployment conditions and status, exactly as the Deployment controller writes them.
///
/// Why: copies `calculateStatus`/`syncRolloutStatus` (pkg/controller/deployment/sync.go, progress.go) and
/// `SetDeploymentCondition`, `DeploymentComplete`, `DeploymentProgressing`, `DeploymentTimedOut`
/// (deployment_util.go). `kubectl rollout status` reads exactly these fields.
public enum DeploymentConditions {
    /// Progressing reason: a new ReplicaSet was created.
    public static let newReplicaSetReason = "NewReplicaSetCreated"
    /// Progressing reason: an existing ReplicaSet matches the template.
    public static let foundNewReplicaSetReason = "FoundNewReplicaSet"
    /// Progressing reason: the rollout made progress.
    public static let replicaSetUpdatedReason = "ReplicaSetUpdated"
    /// Progressing reason: the rollout finished.
    public static let newReplicaSetAvailableReason = "NewReplicaSetAvailable"
    /// Progressing reason: no progress within the deadline.
    public static let timedOutReason = "ProgressDeadlineExceeded"
    /// Progressing reason: paused.
    public static let pausedReason = "DeploymentPaused"
    /// Progressing reason: resumed.
    public static let resumedReason = "DeploymentResumed"
    /// Available reason when enough replicas are available.
    public static let minimumReplicasAvailable = "MinimumReplicasAvailable"
    /// Available reason when not.
    public static let minimumReplicasUnavailable = "MinimumReplicasUnavailable"

    /// `NewDeploymentCondition`: both times set to `now`.
    public static func make(_ type: String, _ status: String, _ reason: String, _ message: String, now: Double)
        -> Condition
    {
        let stamp = Timestamp.format(now)
        return Condition(
            type: type, status: status, reason: reason, message: message, lastTransitionTime: stamp,
            lastUpdateTime: stamp)
    }

    /// `SetDeploymentCondition`: no-op when status and reason are unchanged; keeps lastTransitionTime when
    /// only the reason changed; the condition moves to the end of the list.
    public static func set(_ conditions: inout [Condition]?, _ condition: Condition) {
        var list = conditions ?? []
        var condition = condition
        if let current = list.condition(condition.type) {
            if current.status == condition.status && current.reason == condition.reason { return }
            if current.status == condition.status { condition.lastTransitionTime = current.lastTransitionTime }
        }
        list.removeAll { $0.type == condition.type }
        list.append(condition)
        conditions = list
    }

    /// `RemoveDeploymentCondition`.
    public static func remove(_ conditions: inout [Condition]?, _ type: String) {
        conditions?.removeAll { $0.type == type }
        if conditions?.isEmpty == true { conditions = nil }
    }

    /// `calculateStatus`: counts from the ReplicaSets and the Available condition.
    public static func calculateStatus(
        _ d: Deployment, all: [ReplicaSet], new: ReplicaSet?, now: Double
    ) -> DeploymentStatus {
        let available = DeploymentUtil.availableReplicas(all)
        let total = DeploymentUtil.specReplicas(all)
        var status = DeploymentStatus()
        status.observedGeneration = d.metadata.generation ?? 0
        status.replicas = DeploymentUtil.actualReplicas(all)
        status.updatedReplicas = new.map { DeploymentUtil.actualReplicas([$0]) } ?? 0
        status.readyReplicas = DeploymentUtil.readyReplicas(all)
        status.availableReplicas = available
        status.unavailableReplicas = max(0, total - available)
        status.collisionCount = d.status?.collisionCount
        status.conditions = d.status?.conditions
        if available >= d.desiredReplicas - DeploymentUtil.maxUnavailable(d) {
            set(
                &status.conditions,
                make(
                    "Available", "True", minimumReplicasAvailable,
                    "Deployment has minimum availability.", now: now))
        } else {
            set(
                &status.conditions,
                make(
                    "Available", "False", minimumReplicasUnavailable,
                    "Deployment does not have minimum availability.", now: now))
        }
        return status
    }

    /// `DeploymentComplete`.
    public static func isComplete(_ d: Deployment, _ status: DeploymentStatus) -> Bool {
        let desired = d.desiredReplicas
        return (status.updatedReplicas ?? 0) == desired && (status.replicas ?? 0) == desired
            && (status.availableReplicas ?? 0) == desired
            && (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
    }

    /// `DeploymentProgressing`: more updated/ready/available replicas, or fewer old ones, than before.
    public static func isProgressing(_ d: Deployment, _ new: DeploymentStatus) -> Bool {
        let old = d.status ?? DeploymentStatus()
        let oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0)
        let newOld = (new.replicas ?? 0) - (new.updatedReplicas ?? 0)
        return (new.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld
            || (new.readyReplicas ?? 0) > (old.readyReplicas ?? 0)
            || (new.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
    }

    /// `DeploymentTimedOut`: the Progressing condition was last updated more than the deadline ago.
    public static func isTimedOut(_ d: Deployment, _ status: DeploymentStatus, now: Double) -> Bool {
        guard let deadline = DeploymentUtil.progressDeadline(d),
            let condition = status.conditions?.condition("Progressing")
        else { return false }
        if condition.reason == newReplicaSetAvailableReason { return false }
        if condition.reason == timedOutReason { return true }
        guard let from = FastTime.parse(condition.lastUpdateTime) else { return false }
        return from + Double(deadline) < now
    }

    /// `syncRolloutStatus` minus the write: the new status with Progressing estimated.
    public static func rolloutStatus(
        _ d: Deployment, all: [ReplicaSet], new: ReplicaSet?, now: Double
    ) -> DeploymentStatus {
        var status = calculateStatus(d, all: all, new: new, now: now)
        let deadline = DeploymentUtil.progressDeadline(d)
        if deadline == nil { remove(&status.conditions, "Progressing") }
        let current = d.status?.conditions?.condition("Progressing")
        let complete = status.replicas == status.updatedReplicas && current?.reason == newReplicaSetAvailableReason
        guard deadline != nil, !complete else { return status }
        let name = d.metadata.nameOrEmpty
        if isComplete(d, status) {
            let message =
                new.map { "ReplicaSet \"\($0.metadata.nameOrEmpty)\" has successfully progressed." }
                ?? "Deployment \"\(name)\" has successfully progressed."
            set(&status.conditions, make("Progressing", "True", newReplicaSetAvailableReason, message, now: now))
        } else if isProgressing(d, status) {
            let message =
                new.map { "ReplicaSet \"\($0.metadata.nameOrEmpty)\" is progressing." }
                ?? "Deployment \"\(name)\" is progressing."
            var condition = make("Progressing", "True", replicaSetUpdatedReason, message, now: now)
            if let current {
                if current.status == "True" { condition.lastTransitionTime = current.lastTransitionTime }
                remove(&status.conditions, "Progressing")
            }
            set(&status.conditions, condition)
        } else if isTimedOut(d, status, now: now) {
            let message =
                new.map { "ReplicaSet \"\($0.metadata.nameOrEmpty)\" has timed out progressing." }
                ?? "Deployment \"\(name)\" has timed out progressing."
            set(&status.conditions, make("Progressing", "False", timedOutReason, message, now: now))
        }
        return status
    }

    /// `requeueStuckDeployment`: seconds until the deadline check is due, nil when not needed.
    public static func requeueAfter(_ d: Deployment, _ status: DeploymentStatus, now: Double) -> Double? {
        guard let deadline = DeploymentUtil.progressDeadline(d),
            let current = d.status?.conditions?.condition("Progressing")
        else { return nil }
        if isComplete(d, status) || current.reason == timedOutReason { return nil }
        let updated = FastTime.parse(current.lastUpdateTime) ?? now
        let after = updated + Double(deadline) - now
        return after < 1 ? 0 : after + 1
    }
}
