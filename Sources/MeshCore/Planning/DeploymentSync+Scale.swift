extension DeploymentSync {
    /// `sync` (sync.go): used when paused or on a scaling event: scale (proportionally during a
    /// rollout), clean up history when paused, and write plain status.
    mutating func scaleSync() {
        let newName = newReplicaSet(create: false)
        scale(new: newName)
        if d.spec.paused == true { cleanup(new: newName) }
        syncDeploymentStatus(new: newName)
    }

    /// `scale`: the single active ReplicaSet takes the whole count; a saturated new ReplicaSet zeroes the
    /// old ones; otherwise spread the difference proportionally to the ReplicaSets' sizes.
    mutating func scale(new newName: String?) {
        if let target = activeOrLatest(new: newName) {
            if target.desiredReplicas != d.desiredReplicas {
                scaleAndRecord(target.metadata.nameOrEmpty, to: d.desiredReplicas)
            }
            return
        }
        if DeploymentUtil.isSaturated(d, set(newName)) {
            for rs in olds(excluding: newName) where rs.desiredReplicas > 0 {
                scaleAndRecord(rs.metadata.nameOrEmpty, to: 0)
            }
            return
        }
        guard DeploymentUtil.isRollingUpdate(d) else { return }
        var active = all(new: newName).filter { $0.desiredReplicas > 0 }
        let current = DeploymentUtil.specReplicas(active)
        let allowed = d.desiredReplicas > 0 ? d.desiredReplicas + DeploymentUtil.maxSurge(d) : 0
        let toAdd = allowed - current
        var operation = ""
        if toAdd > 0 {
            active.sort {
                $0.desiredReplicas == $1.desiredReplicas
                    ? DeploymentUtil.byCreation($1, $0) : $0.desiredReplicas > $1.desiredReplicas
            }
            operation = "up"
        } else if toAdd < 0 {
            active.sort {
                $0.desiredReplicas == $1.desiredReplicas
                    ? DeploymentUtil.byCreation($0, $1) : $0.desiredReplicas > $1.desiredReplicas
            }
            operation = "down"
        }
        var added = 0
        var sizes: [String: Int] = [:]
        for rs in active {
            let name = rs.metadata.nameOrEmpty
            if toAdd != 0 {
                let share = DeploymentUtil.proportion(rs, d, toAdd: toAdd, added: added)
                sizes[name] = rs.desiredReplicas + share
                added += share
            } else {
                sizes[name] = rs.desiredReplicas
            }
        }
        for (position, rs) in active.enumerated() {
            let name = rs.metadata.nameOrEmpty
            if position == 0 && toAdd != 0 { sizes[name] = max(0, (sizes[name] ?? 0) + toAdd - added) }
            scale(name, to: sizes[name] ?? rs.desiredReplicas, operation: operation)
        }
    }

    /// `FindActiveOrLatest`: the only active ReplicaSet, else the newest one when none is active.
    func activeOrLatest(new newName: String?) -> ReplicaSet? {
        let olds = olds(excluding: newName).sorted { DeploymentUtil.byCreation($1, $0) }
        let newRS = set(newName)
        if newRS == nil && olds.isEmpty { return nil }
        let active = (olds + (newRS.map { [$0] } ?? [])).filter { $0.desiredReplicas > 0 }
        switch active.count {
        case 0: return newRS ?? olds.first
        case 1: return active[0]
        default: return nil
        }
    }
}
