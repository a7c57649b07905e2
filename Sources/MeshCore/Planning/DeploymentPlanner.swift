/// The Deployment controller's decisions for one sync, as a pure function.
///
/// Why: copies `DeploymentController.syncDeployment` (pkg/controller/deployment/deployment_controller.go):
/// claim ReplicaSets, then status-only when deleting, paused conditions, `sync` (scale only) when paused
/// or on a scaling event, else `rolloutRecreate` or `rolloutRolling`. Each step sees the effects of the
/// earlier ones, as in the controller, so the returned actions can be executed in order.
/// Cost is O(ReplicaSets of this Deployment).
public struct DeploymentPlanner: Sendable {
    /// Creates a planner.
    public init() {}

    /// Plans one sync. `replicaSets` are those owned by the Deployment plus orphans its selector
    /// matches; `livePods` counts each ReplicaSet's non-terminal pods by RS name (needed by Recreate,
    /// which waits for old pods to be gone); `now` is the current time.
    public func plan(
        deployment: Deployment, replicaSets: [ReplicaSet], livePods: [String: Int] = [:], now: Double
    ) -> DeploymentPlan {
        var sync = DeploymentSync(deployment: deployment, replicaSets: [], livePods: livePods, now: now)
        sync.run(replicaSets)
        return sync.result()
    }
}

/// The working state of one sync: the Deployment and its ReplicaSets as the actions so far left them.
struct DeploymentSync {
    var deployment: Deployment
    var replicaSets: [ReplicaSet]
    let livePods: [String: Int]
    let now: Double
    var actions: [DeploymentAction] = []
    var original: Deployment
    var requeueAfter: Double?
    var statusComputed = false

    init(deployment: Deployment, replicaSets: [ReplicaSet], livePods: [String: Int], now: Double) {
        self.deployment = deployment
        self.replicaSets = replicaSets
        self.livePods = livePods
        self.now = now
        self.original = deployment
    }

    var d: Deployment { deployment }

    mutating func run(_ candidates: [ReplicaSet]) {
        guard let selector = d.spec.selector, !selector.isEmpty else {
            // "SelectingAll": only observe the generation.
            if (d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0) {
                var status = d.status ?? DeploymentStatus()
                status.observedGeneration = d.metadata.generation
                deployment.status = status
            }
            actions.append(
                .event(
                    type: "Warning", reason: "SelectingAll",
                    message: "This deployment is selecting all pods. A non-empty selector is required."))
            return
        }
        claim(candidates, selector: selector)
        if d.metadata.deletionTimestamp != nil { return syncStatusOnly() }
        checkPausedConditions()
        if d.spec.paused == true { return scaleSync() }
        if isScalingEvent() { return scaleSync() }
        if DeploymentUtil.strategyType(d) == "Recreate" { return rolloutRecreate() }
        rolloutRolling()
    }

    /// `ClaimReplicaSets`: adopt matching orphans, release owned ones that stopped matching.
    mutating func claim(_ candidates: [ReplicaSet], selector: LabelSelector) {
        let uid = d.metadata.uid ?? ""
        let deleting = d.metadata.deletionTimestamp != nil
        for var rs in candidates {
            let matches = selector.matches(rs.metadata.labels)
            if let ref = rs.metadata.controllerRef {
                guard ref.uid == uid else { continue }
                if matches {
                    replicaSets.append(rs)
                } else if !deleting {
                    rs.metadata.ownerReferences?.removeAll { $0.uid == uid }
                    actions.append(.releaseReplicaSet(rs))
                }
            } else if matches, !deleting, rs.metadata.deletionTimestamp == nil {
                rs.metadata.ownerReferences = (rs.metadata.ownerReferences ?? []) + [controllerRef]
                actions.append(.adoptReplicaSet(rs))
                replicaSets.append(rs)
            }
        }
        replicaSets.sort(by: DeploymentUtil.byCreation)
    }

    var controllerRef: OwnerReference {
        OwnerReference(
            apiVersion: "apps/v1", kind: "Deployment", name: d.metadata.nameOrEmpty, uid: d.metadata.uid ?? "")
    }

    func index(_ name: String) -> Int? { replicaSets.firstIndex { $0.metadata.name == name } }
    func set(_ name: String?) -> ReplicaSet? { name.flatMap(index).map { replicaSets[$0] } }

    /// Old ReplicaSets (everything but `newName`), oldest first.
    func olds(excluding newName: String?) -> [ReplicaSet] {
        replicaSets.filter { $0.metadata.name != newName }
    }

    /// All ReplicaSets with the new one last (`append(oldRSs, newRS)`).
    func all(new newName: String?) -> [ReplicaSet] {
        olds(excluding: newName) + (set(newName).map { [$0] } ?? [])
    }

    mutating func replace(_ rs: ReplicaSet) {
        if let position = index(rs.metadata.nameOrEmpty) { replicaSets[position] = rs }
        actions.append(.updateReplicaSet(rs))
    }

    mutating func event(_ reason: String, _ message: String, type: String = "Normal") {
        actions.append(.event(type: type, reason: reason, message: message))
    }

    // MARK: - Status

    /// `syncDeploymentStatus`: plain status, no progress estimation.
    mutating func syncDeploymentStatus(new newName: String?) {
        deployment.status = DeploymentConditions.calculateStatus(d, all: all(new: newName), new: set(newName), now: now)
    }

    /// `syncRolloutStatus`: status with the Progressing estimate; requeue when nothing changed.
    mutating func syncRolloutStatus(new newName: String?) {
        let status = DeploymentConditions.rolloutStatus(d, all: all(new: newName), new: set(newName), now: now)
        if status == d.status { requeueAfter = DeploymentConditions.requeueAfter(d, status, now: now) }
        deployment.status = status
    }

    mutating func syncStatusOnly() {
        let newName = newReplicaSet(create: false)
        syncDeploymentStatus(new: newName)
    }

    /// `checkPausedConditions`.
    mutating func checkPausedConditions() {
        guard DeploymentUtil.progressDeadline(d) != nil else { return }
        let current = d.status?.conditions?.condition("Progressing")
        if current?.reason == DeploymentConditions.timedOutReason { return }
        let pausedExists = current?.reason == DeploymentConditions.pausedReason
        var status = d.status ?? DeploymentStatus()
        if d.spec.paused == true && !pausedExists {
            DeploymentConditions.set(
                &status.conditions,
                DeploymentConditions.make(
                    "Progressing", "Unknown", DeploymentConditions.pausedReason, "Deployment is paused", now: now))
        } else if d.spec.paused != true && pausedExists {
            DeploymentConditions.set(
                &status.conditions,
                DeploymentConditions.make(
                    "Progressing", "Unknown", DeploymentConditions.resumedReason, "Deployment is resumed", now: now))
        } else {
            return
        }
        deployment.status = status
    }

    /// `isScalingEvent`: an active ReplicaSet's desired-replicas annotation disagrees with the spec.
    mutating func isScalingEvent() -> Bool {
        let newName = newReplicaSet(create: false)
        for rs in all(new: newName) where rs.desiredReplicas > 0 {
            guard let desired = rs.metadata.annotations?[DeploymentUtil.desiredReplicasAnnotation].flatMap({ Int($0) })
            else { continue }
            if desired != d.desiredReplicas { return true }
        }
        return false
    }

    // MARK: - Cleanup

    /// `cleanupDeployment`: delete the oldest scaled-down ReplicaSets beyond revisionHistoryLimit.
    mutating func cleanup(new newName: String?) {
        let limit = DeploymentUtil.revisionHistoryLimit(d)
        let cleanable = olds(excluding: newName).filter { $0.metadata.deletionTimestamp == nil }
        let diff = cleanable.count - limit
        guard diff > 0 else { return }
        for rs in cleanable.sorted(by: DeploymentUtil.byRevision).prefix(diff) {
            if (rs.status?.replicas ?? 0) != 0 || rs.desiredReplicas != 0
                || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)
            {
                continue
            }
            replicaSets.removeAll { $0.metadata.name == rs.metadata.name }
            actions.append(.deleteReplicaSet(rs))
        }
    }

    func result() -> DeploymentPlan {
        var actions = self.actions
        if deployment != original { actions.append(.updateDeployment(deployment)) }
        return DeploymentPlan(
            actions: actions, deployment: deployment, replicaSets: replicaSets, requeueAfter: requeueAfter)
    }
}
