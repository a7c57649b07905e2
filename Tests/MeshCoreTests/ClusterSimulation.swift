@testable import MeshCore

/// A tiny deterministic cluster: the Deployment and ReplicaSet planners fed their own actions back,
/// with a kubelet that makes every pod Ready one tick after it was created.
struct ClusterSimulation {
    var deployment: Deployment
    var replicaSets: [ReplicaSet] = []
    var pods: [Pod] = []
    var now = Fixture.t0
    var generator = SeededGenerator(seed: 42)
    var events: [String] = []

    init(_ deployment: Deployment) { self.deployment = deployment }

    /// Runs one round: deployment sync, then every ReplicaSet sync, then the kubelet.
    mutating func tick() {
        var live: [String: Int] = [:]
        for rs in replicaSets { live[rs.metadata.nameOrEmpty] = pods(of: rs).count }
        let plan = DeploymentPlanner().plan(deployment: deployment, replicaSets: replicaSets, livePods: live, now: now)
        for action in plan.actions { if case .event(_, _, let message) = action { events.append(message) } }
        deployment = plan.deployment
        replicaSets = plan.replicaSets.map { rs in
            var rs = rs
            if rs.metadata.uid == nil { rs.metadata.uid = "uid-\(rs.metadata.nameOrEmpty)" }
            rs.metadata.generation = rs.metadata.generation ?? 1
            return rs
        }
        for index in replicaSets.indices {
            let rs = replicaSets[index]
            let rsPlan = ReplicaSetPlanner().plan(
                replicaSet: rs, pods: pods(of: rs), expectationsSatisfied: true, now: now, using: &generator)
            for action in rsPlan.actions {
                switch action {
                case .createPods(let created):
                    pods += created.map { pod in
                        var pod = pod
                        pod.metadata.uid = "uid-\(pod.metadata.nameOrEmpty)"
                        pod.spec.nodeName = "meshsim"
                        pod.status?.phase = "Running"
                        return pod
                    }
                case .deletePods(let deleted):
                    let names = Set(deleted.map(\.metadata.name))
                    pods.removeAll { names.contains($0.metadata.name) }
                default: break
                }
            }
            replicaSets[index].status = rsPlan.status
        }
        now += 1
        for index in pods.indices
        where !pods[index].isReady && pods[index].metadata.creationTimestamp != Timestamp.format(now - 1) {
            pods[index].status?.conditions = [
                Condition(type: "Ready", status: "True", lastTransitionTime: Timestamp.format(now))
            ]
        }
    }

    func pods(of rs: ReplicaSet) -> [Pod] {
        pods.filter { $0.metadata.controllerRef?.uid == rs.metadata.uid }
    }

    var rolloutDone: Bool { RolloutStatus.message(for: deployment).done }

    /// Ticks until `rollout status` says done (at most `limit` ticks); returns the ticks used.
    @discardableResult
    mutating func runUntilDone(limit: Int = 100, check: (ClusterSimulation) -> Void = { _ in }) -> Int {
        for step in 1...limit {
            tick()
            check(self)
            if rolloutDone { return step }
        }
        return limit + 1
    }

    /// Changes the template (as `kubectl set image` would), bumping the generation.
    mutating func setImage(_ image: String) {
        deployment.spec.template.spec.containers[0].image = image
        deployment.metadata.generation = (deployment.metadata.generation ?? 1) + 1
    }
}
