extension DeploymentSync {
    /// `getNewReplicaSet` (sync.go): find the ReplicaSet whose template equals the Deployment's
    /// (ignoring the hash label), bring its annotations up to date, or create it when `create`.
    /// Returns the new ReplicaSet's name, or nil.
    mutating func newReplicaSet(create: Bool) -> String? {
        let existing = replicaSets.first { PodTemplateHash.equalIgnoringHash($0.spec.template, d.spec.template) }
        let maxOld = olds(excluding: existing?.metadata.name).compactMap(DeploymentUtil.revision).max() ?? 0
        let newRevision = maxOld + 1
        if var rs = existing {
            let annotationsUpdated = DeploymentUtil.setNewReplicaSetAnnotations(
                d, &rs, newRevision: newRevision, exists: true)
            if annotationsUpdated || (rs.spec.minReadySeconds ?? 0) != (d.spec.minReadySeconds ?? 0) {
                rs.spec.minReadySeconds = d.spec.minReadySeconds
                replace(rs)
            }
            setDeploymentRevision(rs.metadata.annotations?[DeploymentUtil.revisionAnnotation])
            if DeploymentUtil.progressDeadline(d) != nil, d.status?.conditions?.condition("Progressing") == nil {
                var status = d.status ?? DeploymentStatus()
                DeploymentConditions.set(
                    &status.conditions,
                    DeploymentConditions.make(
                        "Progressing", "True", DeploymentConditions.foundNewReplicaSetReason,
                        "Found new replica set \"\(rs.metadata.nameOrEmpty)\"", now: now))
                deployment.status = status
            }
            return rs.metadata.name
        }
        guard create else { return nil }

        let hash = PodTemplateHash.compute(d.spec.template, collisionCount: d.status?.collisionCount)
        let name = "\(d.metadata.nameOrEmpty)-\(hash)"
        if index(name) != nil {
            // Hash collision with a ReplicaSet of a different template: bump collisionCount and requeue.
            var status = d.status ?? DeploymentStatus()
            status.collisionCount = (status.collisionCount ?? 0) + 1
            deployment.status = status
            requeueAfter = 0
            return nil
        }
        var template = d.spec.template
        var templateMeta = template.metadata ?? ObjectMeta()
        templateMeta.labels = (templateMeta.labels ?? [:]).merging([PodTemplateHash.labelKey: hash]) { $1 }
        template.metadata = templateMeta
        var selector = d.spec.selector ?? LabelSelector()
        selector.matchLabels = (selector.matchLabels ?? [:]).merging([PodTemplateHash.labelKey: hash]) { $1 }
        var meta = ObjectMeta(name: name, namespace: d.metadata.namespace ?? "default", labels: templateMeta.labels)
        meta.ownerReferences = [controllerRef]
        meta.creationTimestamp = Timestamp.format(now)
        var rs = ReplicaSet(metadata: meta, spec: ReplicaSetSpec(replicas: 0, selector: selector, template: template))
        rs.spec.minReadySeconds = d.spec.minReadySeconds
        let replicas = newReplicaSetReplicas(allOthers: replicaSets, new: rs)
        rs.spec.replicas = replicas
        _ = DeploymentUtil.setNewReplicaSetAnnotations(d, &rs, newRevision: newRevision, exists: false)
        replicaSets.append(rs)
        actions.append(.createReplicaSet(rs))
        if replicas > 0 { event("ScalingReplicaSet", "Scaled up replica set \(name) from 0 to \(replicas)") }
        setDeploymentRevision(String(newRevision))
        if DeploymentUtil.progressDeadline(d) != nil {
            var status = d.status ?? DeploymentStatus()
            DeploymentConditions.set(
                &status.conditions,
                DeploymentConditions.make(
                    "Progressing", "True", DeploymentConditions.newReplicaSetReason,
                    "Created new replica set \"\(name)\"", now: now))
            deployment.status = status
        }
        return name
    }

    /// `SetDeploymentRevision`.
    mutating func setDeploymentRevision(_ revision: String?) {
        guard let revision, deployment.metadata.annotations?[DeploymentUtil.revisionAnnotation] != revision else {
            return
        }
        var annotations = deployment.metadata.annotations ?? [:]
        annotations[DeploymentUtil.revisionAnnotation] = revision
        deployment.metadata.annotations = annotations
    }

    /// `NewRSNewReplicas`: how far the new ReplicaSet may grow now.
    func newReplicaSetReplicas(allOthers: [ReplicaSet], new rs: ReplicaSet) -> Int {
        guard DeploymentUtil.isRollingUpdate(d) else { return d.desiredReplicas }
        let surge = DeploymentUtil.resolveFenceposts(d).surge
        let current = DeploymentUtil.specReplicas(allOthers.filter { $0.metadata.name != rs.metadata.name } + [rs])
        let maxTotal = d.desiredReplicas + surge
        if current >= maxTotal { return rs.desiredReplicas }
        let scaleUp = min(maxTotal - current, d.desiredReplicas - rs.desiredReplicas)
        return rs.desiredReplicas + scaleUp
    }

    // MARK: - Scaling one ReplicaSet

    /// `scaleReplicaSetAndRecordEvent`.
    @discardableResult
    mutating func scaleAndRecord(_ name: String, to newScale: Int) -> Bool {
        guard let rs = set(name), rs.desiredReplicas != newScale else { return false }
        return scale(name, to: newScale, operation: newScale > rs.desiredReplicas ? "up" : "down")
    }

    /// `scaleReplicaSet`: resize and refresh the replica annotations; event when the size changed.
    @discardableResult
    mutating func scale(_ name: String, to newScale: Int, operation: String) -> Bool {
        guard var rs = set(name) else { return false }
        let desired = d.desiredReplicas
        let maxReplicas = desired + DeploymentUtil.maxSurge(d)
        let sizeChanges = rs.desiredReplicas != newScale
        guard sizeChanges || DeploymentUtil.replicasAnnotationsNeedUpdate(rs, desired: desired, max: maxReplicas)
        else { return false }
        let oldScale = rs.desiredReplicas
        rs.spec.replicas = newScale
        DeploymentUtil.setReplicasAnnotations(&rs, desired: desired, max: maxReplicas)
        replace(rs)
        if sizeChanges {
            event("ScalingReplicaSet", "Scaled \(operation) replica set \(name) to \(newScale) from \(oldScale)")
        }
        return sizeChanges
    }
}
