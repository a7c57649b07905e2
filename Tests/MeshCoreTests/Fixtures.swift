@testable import MeshCore

/// Object builders for planner tables, in the spirit of the controllers' `newReplicaSet`/`newPod`.
enum Fixture {
    static let t0: Double = 1_795_000_000  // 2026-11-18T...Z, any fixed instant

    static func template(image: String = "nginx:1.25", labels: [String: String] = ["app": "web"]) -> PodTemplateSpec {
        PodTemplateSpec(
            metadata: ObjectMeta(labels: labels), spec: PodSpec(containers: [Container(name: "web", image: image)]))
    }

    static func replicaSet(
        _ name: String, replicas: Int, uid: String? = nil, labels: [String: String] = ["app": "web"],
        created: Double = t0, generation: Int = 1
    ) -> ReplicaSet {
        var meta = ObjectMeta(name: name, namespace: "default", labels: labels)
        meta.uid = uid ?? "uid-\(name)"
        meta.generation = generation
        meta.creationTimestamp = Timestamp.format(created)
        return ReplicaSet(
            metadata: meta,
            spec: ReplicaSetSpec(
                replicas: replicas, selector: LabelSelector(matchLabels: labels), template: template(labels: labels)))
    }

    enum State { case pending, unscheduled, running, ready }

    static func pod(
        _ name: String, owner: ReplicaSet?, state: State = .ready, node: String = "meshsim",
        created: Double = t0, readySince: Double? = nil, restarts: Int = 0, labels: [String: String] = ["app": "web"]
    ) -> Pod {
        var meta = ObjectMeta(name: name, namespace: "default", labels: labels)
        meta.uid = "uid-\(name)"
        meta.creationTimestamp = Timestamp.format(created)
        if let owner { meta.ownerReferences = [ReplicaSetPlanner.controllerRef(to: owner)] }
        var spec = PodSpec(containers: [Container(name: "web", image: "nginx")])
        if state != .unscheduled { spec.nodeName = node }
        var status = PodStatus(phase: state == .running || state == .ready ? "Running" : "Pending")
        let ready = state == .ready
        status.conditions = [
            Condition(
                type: "Ready", status: ready ? "True" : "False",
                lastTransitionTime: Timestamp.format(readySince ?? created))
        ]
        status.containerStatuses = [
            ContainerStatus(name: "web", image: "nginx", ready: ready, restartCount: restarts, state: nil)
        ]
        return Pod(metadata: meta, spec: spec, status: status)
    }

    static func deployment(
        _ name: String = "web", replicas: Int = 3, image: String = "nginx:1.25", strategy: String = "RollingUpdate",
        maxSurge: IntOrString? = nil, maxUnavailable: IntOrString? = nil, generation: Int = 1
    ) -> Deployment {
        var meta = ObjectMeta(name: name, namespace: "default")
        meta.uid = "uid-\(name)"
        meta.generation = generation
        meta.creationTimestamp = Timestamp.format(t0)
        var spec = DeploymentSpec(
            replicas: replicas, selector: LabelSelector(matchLabels: ["app": "web"]), template: template(image: image))
        spec.strategy = DeploymentStrategy(
            type: strategy,
            rollingUpdate: strategy == "RollingUpdate"
                ? RollingUpdateDeployment(maxUnavailable: maxUnavailable, maxSurge: maxSurge) : nil)
        return Deployment(metadata: meta, spec: spec)
    }
}

extension ReplicaSetAction {
    /// A compact description for table comparisons.
    var summary: String {
        switch self {
        case .adopt(let pod): "adopt \(pod.metadata.nameOrEmpty)"
        case .release(let pod): "release \(pod.metadata.nameOrEmpty)"
        case .createPods(let pods): "create \(pods.count)"
        case .deletePods(let pods): "delete " + pods.map(\.metadata.nameOrEmpty).joined(separator: ",")
        case .updateStatus(let status):
            "status \(status.replicas)/\(status.readyReplicas ?? 0)/\(status.availableReplicas ?? 0)"
        }
    }
}

extension DeploymentAction {
    /// A compact description for table comparisons.
    var summary: String {
        switch self {
        case .createReplicaSet(let rs): "create \(rs.metadata.nameOrEmpty)=\(rs.desiredReplicas)"
        case .updateReplicaSet(let rs): "update \(rs.metadata.nameOrEmpty)=\(rs.desiredReplicas)"
        case .deleteReplicaSet(let rs): "delete \(rs.metadata.nameOrEmpty)"
        case .adoptReplicaSet(let rs): "adopt \(rs.metadata.nameOrEmpty)"
        case .releaseReplicaSet(let rs): "release \(rs.metadata.nameOrEmpty)"
        case .event(_, let reason, let message): "event \(reason): \(message)"
        case .updateDeployment: "update deployment"
        }
    }
}
