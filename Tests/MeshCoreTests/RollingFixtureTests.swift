import Testing

@testable import MeshCore

/// The tables of upstream's rolling_test.go (`TestDeploymentController_reconcileNewReplicaSet`,
/// `…_reconcileOldReplicaSets`), run against the same step functions.
@Suite(.timeLimit(.minutes(1))) struct RollingFixtureTests {
    static func sync(
        replicas: Int, surge: Int, unavailable: Int, old: Int, new: Int, oldAvailable: Int = 0, newAvailable: Int = 0
    )
        -> DeploymentSync
    {
        let d = Fixture.deployment("foo", replicas: replicas, maxSurge: .int(surge), maxUnavailable: .int(unavailable))
        var oldRS = Fixture.replicaSet("foo-old", replicas: old, created: Fixture.t0 - 10)
        oldRS.status = ReplicaSetStatus(
            replicas: old, readyReplicas: oldAvailable, availableReplicas: oldAvailable, observedGeneration: 1)
        var newRS = Fixture.replicaSet("foo-new", replicas: new)
        newRS.status = ReplicaSetStatus(
            replicas: new, readyReplicas: newAvailable, availableReplicas: newAvailable, observedGeneration: 1)
        return DeploymentSync(deployment: d, replicaSets: [oldRS, newRS], livePods: [:], now: Fixture.t0)
    }

    static let newCases: [(Int, Int, Int, Int, Int?)] = [
        (10, 0, 10, 0, nil), (10, 2, 10, 0, 2), (10, 2, 5, 0, 7), (10, 2, 10, 2, nil), (10, 2, 2, 11, 10),
    ]

    @Test(arguments: newCases)
    func reconcileNewReplicaSet(replicas: Int, surge: Int, old: Int, new: Int, expected: Int?) {
        var state = Self.sync(replicas: replicas, surge: surge, unavailable: 0, old: old, new: new)
        let scaled = state.reconcileNewReplicaSet("foo-new")
        #expect(scaled == (expected != nil))
        #expect(state.set("foo-new")?.desiredReplicas == expected ?? new)
    }

    static let oldCases: [(Int, Int, Int, Int, Int, Int?)] = [
        (0, 10, 0, 10, 0, 9), (2, 10, 0, 10, 0, 8), (2, 10, 0, 8, 0, 8), (2, 10, 0, 9, 0, 8), (2, 8, 2, 8, 0, nil),
    ]

    @Test(arguments: oldCases)
    func reconcileOldReplicaSets(unavailable: Int, old: Int, new: Int, oldReady: Int, newReady: Int, expected: Int?) {
        var state = Self.sync(
            replicas: 10, surge: 0, unavailable: unavailable, old: old, new: new, oldAvailable: oldReady,
            newAvailable: newReady)
        let scaled = state.reconcileOldReplicaSets("foo-new")
        #expect(scaled == (expected != nil))
        #expect(state.set("foo-old")?.desiredReplicas == expected ?? old)
    }
}
