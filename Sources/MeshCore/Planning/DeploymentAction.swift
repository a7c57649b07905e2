/// What the Deployment controller must do after one sync, in order.
public enum DeploymentAction: Sendable, Hashable {
    /// Create this ReplicaSet (named `<deployment>-<pod-template-hash>`).
    case createReplicaSet(ReplicaSet)
    /// Replace this ReplicaSet's spec/metadata (scale, annotations, minReadySeconds).
    case updateReplicaSet(ReplicaSet)
    /// Delete this old ReplicaSet (revision history cleanup).
    case deleteReplicaSet(ReplicaSet)
    /// Patch an orphan ReplicaSet with our controller reference (given already patched).
    case adoptReplicaSet(ReplicaSet)
    /// Remove our controller reference from a ReplicaSet that stopped matching (given already patched).
    case releaseReplicaSet(ReplicaSet)
    /// Record an event on the Deployment (`ScalingReplicaSet`, …).
    case event(type: String, reason: String, message: String)
    /// Write the Deployment's annotations (revision) and status.
    case updateDeployment(Deployment)
}

/// One Deployment sync's result.
public struct DeploymentPlan: Sendable, Hashable {
    /// The actions, in execution order; stop at the first failure and requeue.
    public var actions: [DeploymentAction]
    /// The Deployment as it should be stored afterwards (annotations and status).
    public var deployment: Deployment
    /// The ReplicaSets as they will be after the actions (deleted ones removed).
    public var replicaSets: [ReplicaSet]
    /// Resync after this many seconds to check the progress deadline (`requeueStuckDeployment`).
    public var requeueAfter: Double?

    /// The ReplicaSet actions only (no events, no Deployment write).
    public var replicaSetActions: [DeploymentAction] {
        actions.filter {
            switch $0 {
            case .event, .updateDeployment: false
            default: true
            }
        }
    }
}
