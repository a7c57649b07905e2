extension DeploymentSync {
    /// `rolloutRecreate` (recreate.go): scale every old ReplicaSet to zero, wait until no old pod is
    /// left, then create/scale the new ReplicaSet to the full count.
    mutating func rolloutRecreate() {
        var newName = newReplicaSet(create: false)
        var scaledDown = false
        for rs in olds(excluding: newName) where rs.desiredReplicas > 0 {
            if scaleAndRecord(rs.metadata.nameOrEmpty, to: 0) { scaledDown = true }
        }
        if scaledDown { return syncRolloutStatus(new: newName) }
        if oldPodsRunning(newName) { return syncRolloutStatus(new: newName) }
        if newName == nil { newName = newReplicaSet(create: true) }
        if let newName { scaleAndRecord(newName, to: d.desiredReplicas) }
        if let status = d.status, DeploymentConditions.isComplete(d, status) { cleanup(new: newName) }
        syncRolloutStatus(new: newName)
    }

    /// `oldPodsRunning`: old ReplicaSets report replicas, or still own non-terminal pods.
    func oldPodsRunning(_ newName: String?) -> Bool {
        let olds = olds(excluding: newName)
        if DeploymentUtil.actualReplicas(olds) > 0 { return true }
        return olds.contains { (livePods[$0.metadata.nameOrEmpty] ?? 0) > 0 }
    }
}
