/// The ReplicaSet controller's decisions for one sync, as a pure function.
///
/// Why: copies `ReplicaSetController.syncReplicaSet` (pkg/controller/replicaset/replica_set.go):
/// filter active pods, claim them (`PodControllerRefManager.ClaimPods`: adopt matching orphans, release
/// owned pods that stopped matching), `manageReplicas` only when expectations are satisfied and the RS
/// is not being deleted (create or delete at most `burstReplicas`, deletions chosen by
/// `getPodsToDelete`), then always recompute status (`calculateStatus`).
/// Cost is O(pods passed in); pass only the pods owned by this RS plus orphans its selector matches.
public struct ReplicaSetPlanner: Sendable {
    /// `burstReplicas`: the most pods created or deleted in one sync.
    public var burstReplicas: Int

    /// Creates a planner.
    public init(burstReplicas: Int = 500) { self.burstReplicas = burstReplicas }

    /// One sync's result.
    public struct Plan: Sendable, Hashable {
        /// The actions, in execution order (adopt/release, create or delete, status).
        public var actions: [ReplicaSetAction]
        /// The recomputed status.
        public var status: ReplicaSetStatus
        /// Pods created by this plan (also inside `actions`), for `ExpectCreations`.
        public var podsToCreate: [Pod]
        /// Pods deleted by this plan, for `ExpectDeletions`.
        public var podsToDelete: [Pod]
        /// Resync after this many seconds (pods ready but not yet available under minReadySeconds).
        public var requeueAfter: Double?
    }

    /// Plans one sync of `replicaSet` given candidate `pods`, whether expectations are satisfied, the
    /// current time and a random source for pod names. `relatedPods` are the pods of sibling
    /// ReplicaSets of the same Deployment (`getIndirectlyRelatedPods`), used to prefer deleting pods
    /// doubled up on a node; nil uses the RS's own pods.
    public func plan<G: RandomNumberGenerator>(
        replicaSet rs: ReplicaSet, pods: [Pod], relatedPods: [Pod]? = nil, expectationsSatisfied: Bool, now: Double,
        using generator: inout G
    ) -> Plan {
        var actions: [ReplicaSetAction] = []
        let uid = rs.metadata.uid ?? ""
        let deleting = rs.metadata.deletionTimestamp != nil
        var owned: [Pod] = []
        var usedNames = Set(pods.map(\.metadata.nameOrEmpty))
        for var pod in pods where pod.isActive {
            let matches = rs.spec.selector.matches(pod.metadata.labels)
            if let ref = pod.metadata.controllerRef {
                guard ref.uid == uid else { continue }
                if matches {
                    owned.append(pod)
                } else if !deleting {
                    pod.metadata.ownerReferences?.removeAll { $0.uid == uid }
                    actions.append(.release(pod))
                }
            } else if matches, !deleting {
                pod.metadata.ownerReferences = (pod.metadata.ownerReferences ?? []) + [Self.controllerRef(to: rs)]
                actions.append(.adopt(pod))
                owned.append(pod)
            }
        }

        var created: [Pod] = []
        var deleted: [Pod] = []
        if expectationsSatisfied, !deleting {
            let diff = owned.count - rs.desiredReplicas
            if diff < 0 {
                let count = min(-diff, burstReplicas)
                for _ in 0..<count {
                    var name = ""
                    repeat {
                        name = Self.generateName(for: rs) + NameSuffix.make(using: &generator)
                    } while usedNames.contains(name)
                    usedNames.insert(name)
                    created.append(Self.pod(from: rs, name: name, now: now))
                }
                actions.append(.createPods(created))
            } else if diff > 0 {
                let count = min(diff, burstReplicas)
                deleted = Array(PodDeletionRanking.sorted(owned, related: relatedPods, now: now).prefix(count))
                actions.append(.deletePods(deleted))
            }
        }

        let status = Self.status(of: rs, pods: owned, now: now)
        actions.append(.updateStatus(status))
        var requeue: Double?
        let minReady = rs.spec.minReadySeconds ?? 0
        if minReady > 0, status.readyReplicas == rs.desiredReplicas,
            status.availableReplicas != rs.desiredReplicas
        {
            requeue = Double(minReady)
        }
        return Plan(
            actions: actions, status: status, podsToCreate: created, podsToDelete: deleted, requeueAfter: requeue)
    }

    /// `calculateStatus`: counts over the active pods the RS owns.
    public static func status(of rs: ReplicaSet, pods: [Pod], now: Double) -> ReplicaSetStatus {
        let templateLabels = rs.spec.template.metadata?.labels ?? [:]
        let minReady = rs.spec.minReadySeconds ?? 0
        var fullyLabeled = 0
        var ready = 0
        var available = 0
        for pod in pods {
            let labels = pod.metadata.labels ?? [:]
            if templateLabels.allSatisfy({ labels[$0.key] == $0.value }) { fullyLabeled += 1 }
            if pod.isReady {
                ready += 1
                if PodReadiness.isAvailable(pod, minReadySeconds: minReady, now: now) { available += 1 }
            }
        }
        var status = ReplicaSetStatus(
            replicas: pods.count, readyReplicas: ready, availableReplicas: available,
            observedGeneration: rs.metadata.generation)
        status.fullyLabeledReplicas = fullyLabeled
        status.conditions = rs.status?.conditions
        return status
    }

    /// `metav1.NewControllerRef(rs, apps/v1 ReplicaSet)`.
    public static func controllerRef(to rs: ReplicaSet) -> OwnerReference {
        OwnerReference(
            apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.metadata.nameOrEmpty, uid: rs.metadata.uid ?? "")
    }

    /// `getPodsPrefix`: `<rs>-`, cut so the generated name stays within 63 characters
    /// (`names.SimpleNameGenerator` keeps at most 58 characters of the base).
    public static func generateName(for rs: ReplicaSet) -> String {
        let base = rs.metadata.nameOrEmpty + "-"
        return base.count > 58 ? String(base.prefix(58)) : base
    }

    /// `GetPodFromTemplate`: the pod a ReplicaSet creates (labels, annotations, finalizers and spec from
    /// the template; `generateName`; a controller reference), named `name` and stamped `now`.
    public static func pod(from rs: ReplicaSet, name: String, now: Double) -> Pod {
        let template = rs.spec.template
        var meta = ObjectMeta(
            name: name, namespace: rs.metadata.namespace ?? "default", labels: template.metadata?.labels,
            annotations: template.metadata?.annotations)
        meta.generateName = generateName(for: rs)
        meta.finalizers = template.metadata?.finalizers
        meta.ownerReferences = [controllerRef(to: rs)]
        meta.creationTimestamp = Timestamp.format(now)
        var pod = Pod(metadata: meta, spec: template.spec, status: PodStatus(phase: "Pending"))
        pod.status?.qosClass = QoSClass.of(pod.spec)
        return pod
    }
}
