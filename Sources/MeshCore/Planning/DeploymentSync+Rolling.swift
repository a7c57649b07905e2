extension DeploymentSync {
    /// `rolloutRolling` (rolling.go): grow the new ReplicaSet within maxSurge; if nothing grew, shrink
    /// old ones within maxUnavailable (unhealthy replicas first); clean up history once complete.
    mutating func rolloutRolling() {
        guard let newName = newReplicaSet(create: true) else { return syncRolloutStatus(new: nil) }
        if reconcileNewReplicaSet(newName) { return syncRolloutStatus(new: newName) }
        if reconcileOldReplicaSets(newName) { return syncRolloutStatus(new: newName) }
        if let status = d.status, DeploymentConditions.isComplete(d, status) { cleanup(new: newName) }
        syncRolloutStatus(new: newName)
    }

    /// `reconcileNewReplicaSet`.
    mutating func reconcileNewReplicaSet(_ newName: String) -> Bool {
        guard let rs = set(newName) else { return false }
        if rs.desiredReplicas == d.desiredReplicas { return false }
        if rs.desiredReplicas > d.desiredReplicas { return scaleAndRecord(newName, to: d.desiredReplicas) }
        return scaleAndRecord(newName, to: newReplicaSetReplicas(allOthers: replicaSets, new: rs))
    }

    /// `reconcileOldReplicaSets`.
    mutating func reconcileOldReplicaSets(_ newName: String) -> Bool {
        let oldPods = DeploymentUtil.specReplicas(olds(excluding: newName))
        guard oldPods > 0, let newRS = set(newName) else { return false }
        let allPods = DeploymentUtil.specReplicas(replicaSets)
        let minAvailable = d.desiredReplicas - DeploymentUtil.maxUnavailable(d)
        let newUnavailable = newRS.desiredReplicas - (newRS.status?.availableReplicas ?? 0)
        let maxScaledDown = allPods - minAvailable - newUnavailable
        guard maxScaledDown > 0 else { return false }
        let cleaned = cleanupUnhealthyReplicas(newName, maxCleanup: maxScaledDown)
        let scaled = scaleDownOldReplicaSetsForRollingUpdate(newName)
        return cleaned + scaled > 0
    }

    /// `cleanupUnhealthyReplicas`: scale old ReplicaSets down by their unavailable replicas first.
    mutating func cleanupUnhealthyReplicas(_ newName: String, maxCleanup: Int) -> Int {
        var total = 0
        for rs in olds(excluding: newName) where rs.desiredReplicas > 0 {
            if total >= maxCleanup { break }
            let available = rs.status?.availableReplicas ?? 0
            if rs.desiredReplicas == available { continue }
            let count = min(maxCleanup - total, rs.desiredReplicas - available)
            scaleAndRecord(rs.metadata.nameOrEmpty, to: rs.desiredReplicas - count)
            total += count
        }
        return total
    }

    /// `scaleDownOldReplicaSetsForRollingUpdate`: remove only as many as keeps minAvailable available.
    mutating func scaleDownOldReplicaSetsForRollingUpdate(_ newName: String) -> Int {
        let minAvailable = d.desiredReplicas - DeploymentUtil.maxUnavailable(d)
        let available = DeploymentUtil.availableReplicas(replicaSets)
        guard available > minAvailable else { return 0 }
        let wanted = available - minAvailable
        var total = 0
        for rs in olds(excluding: newName) where rs.desiredReplicas > 0 {
            if total >= wanted { break }
            let count = min(rs.desiredReplicas, wanted - total)
            scaleAndRecord(rs.metadata.nameOrEmpty, to: rs.desiredReplicas - count)
            total += count
        }
        return total
    }
}
