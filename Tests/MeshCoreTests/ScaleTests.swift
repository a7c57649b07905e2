import Testing

@testable import MeshCore

/// The lead's target is 10,000 pods on 100 nodes; these check the planners stay linear by doing it.
@Suite(.timeLimit(.minutes(1))) struct ScaleTests {
    @Test func tenThousandPodsOnAHundredNodes() {
        var parameters = ClusterBootstrap.Parameters()
        parameters.nodes = 100
        parameters.cpus = 64
        parameters.memoryMiB = 256 * 1024
        var infos = ClusterBootstrap(parameters: parameters).nodes().map { SchedulerNodeInfo(node: $0) }
        var rs = Fixture.replicaSet("big", replicas: 10_000)
        rs.spec.template.spec.containers[0].resources = ResourceRequirements(requests: ["cpu": "10m", "memory": "16Mi"])
        let index = Dictionary(uniqueKeysWithValues: infos.enumerated().map { ($1.node.metadata.nameOrEmpty, $0) })
        var generator = SeededGenerator(seed: 5)
        var pods: [Pod] = []
        var expectations = ControllerExpectations()
        while pods.count < 10_000 {
            let plan = ReplicaSetPlanner().plan(
                replicaSet: rs, pods: pods, expectationsSatisfied: true, now: Fixture.t0, using: &generator)
            expectations.expect(plan, key: "default/big", now: Fixture.t0)
            for var pod in plan.podsToCreate {
                pod.metadata.uid = pod.metadata.name
                guard case .bind(let node) = Scheduler().schedule(pod, nodes: infos, using: &generator) else {
                    Issue.record("unschedulable")
                    return
                }
                pod.spec.nodeName = node
                infos[index[node]!].add(pod)
                pods.append(pod)
                expectations.creationObserved("default/big")
            }
            #expect(expectations.satisfied("default/big", now: Fixture.t0))
        }
        #expect(Set(pods.map(\.metadata.name)).count == 10_000)
        let perNode = infos.map(\.podCount)
        #expect(perNode.reduce(0, +) == 10_000)
        // LeastAllocated scores are integers, so near-empty big nodes tie and random tie-breaks decide.
        #expect(perNode.min()! >= 75 && perNode.max()! <= 125)
        rs.spec.replicas = 9_000
        let shrink = ReplicaSetPlanner().plan(
            replicaSet: rs, pods: pods, expectationsSatisfied: true, now: Fixture.t0, using: &generator)
        #expect(shrink.podsToDelete.count == 500)
    }
}
