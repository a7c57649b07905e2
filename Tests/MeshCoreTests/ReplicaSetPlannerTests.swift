import Testing

@testable import MeshCore

@Suite(.timeLimit(.minutes(1))) struct ReplicaSetPlannerTests {
    static let rs = Fixture.replicaSet("web-abc", replicas: 3)

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var replicas: Int
        var pods: [Pod]
        var satisfied = true
        var expected: [String]
    }

    static let cases: [Case] = [
        Case(description: "scale up from zero", replicas: 3, pods: [], expected: ["create 3", "status 0/0/0"]),
        Case(
            description: "steady state", replicas: 2,
            pods: [Fixture.pod("a", owner: rs), Fixture.pod("b", owner: rs)], expected: ["status 2/2/2"]),
        Case(
            description: "expectations pending: no manage", replicas: 3, pods: [], satisfied: false,
            expected: ["status 0/0/0"]),
        Case(
            description: "adopt orphan, then create the rest", replicas: 2, pods: [Fixture.pod("orphan", owner: nil)],
            expected: ["adopt orphan", "create 1", "status 1/1/1"]),
        Case(
            description: "release a pod whose labels changed", replicas: 1,
            pods: [Fixture.pod("a", owner: rs), Fixture.pod("moved", owner: rs, labels: ["app": "other"])],
            expected: ["release moved", "status 1/1/1"]),
        Case(
            description: "ignore pods owned by another controller", replicas: 1,
            pods: [Fixture.pod("a", owner: rs), Fixture.pod("x", owner: Fixture.replicaSet("other", replicas: 1))],
            expected: ["status 1/1/1"]),
        Case(
            description: "scale down picks unscheduled, then pending, then not ready", replicas: 1,
            pods: [
                Fixture.pod("ready", owner: rs), Fixture.pod("notready", owner: rs, state: .running),
                Fixture.pod("pending", owner: rs, state: .pending),
                Fixture.pod("unsched", owner: rs, state: .unscheduled),
            ],
            expected: ["delete unsched,pending,notready", "status 4/1/1"]),
        Case(
            description: "scale down prefers more restarts, then newer", replicas: 1,
            pods: [
                Fixture.pod("old", owner: rs, created: Fixture.t0 - 5000, readySince: Fixture.t0 - 4000),
                Fixture.pod(
                    "crashy", owner: rs, created: Fixture.t0 - 5000, readySince: Fixture.t0 - 4000, restarts: 3),
                Fixture.pod("young", owner: rs, created: Fixture.t0 - 10, readySince: Fixture.t0 - 5),
            ],
            expected: ["delete young,crashy", "status 3/3/3"]),
    ]

    @Test(arguments: cases)
    func plan(_ test: Case) {
        var rs = Self.rs
        rs.spec.replicas = test.replicas
        var generator = SeededGenerator(seed: 1)
        let plan = ReplicaSetPlanner().plan(
            replicaSet: rs, pods: test.pods, expectationsSatisfied: test.satisfied, now: Fixture.t0, using: &generator)
        #expect(plan.actions.map(\.summary) == test.expected)
    }

    @Test func createdPodsCarryTemplateOwnerAndName() throws {
        var generator = SeededGenerator(seed: 7)
        let plan = ReplicaSetPlanner().plan(
            replicaSet: Self.rs, pods: [], expectationsSatisfied: true, now: Fixture.t0, using: &generator)
        let pod = try #require(plan.podsToCreate.first)
        #expect(pod.metadata.generateName == "web-abc-")
        let name = try #require(pod.metadata.name)
        #expect(name.hasPrefix("web-abc-") && name.count == "web-abc-".count + 5)
        #expect(name.dropFirst(8).allSatisfy { NameSuffix.alphabet.contains($0) })
        #expect(pod.metadata.labels == ["app": "web"])
        #expect(
            pod.metadata.ownerReferences == [
                OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-abc", uid: "uid-web-abc")
            ])
        #expect(pod.metadata.ownerReferences?.first?.controller == true)
        #expect(pod.spec == Self.rs.spec.template.spec)
        #expect(Set(plan.podsToCreate.map(\.metadata.name)).count == 3)
    }

    @Test func burstIsBounded() {
        var rs = Self.rs
        rs.spec.replicas = 1200
        var generator = SeededGenerator(seed: 1)
        let plan = ReplicaSetPlanner().plan(
            replicaSet: rs, pods: [], expectationsSatisfied: true, now: Fixture.t0, using: &generator)
        #expect(plan.podsToCreate.count == 500)
    }

    @Test func terminatingAndFinishedPodsAreNotCounted() {
        var terminating = Fixture.pod("t", owner: Self.rs)
        terminating.metadata.deletionTimestamp = Timestamp.format(Fixture.t0)
        var done = Fixture.pod("d", owner: Self.rs)
        done.status?.phase = "Succeeded"
        var generator = SeededGenerator(seed: 1)
        let plan = ReplicaSetPlanner().plan(
            replicaSet: Self.rs, pods: [terminating, done], expectationsSatisfied: true, now: Fixture.t0,
            using: &generator)
        #expect(plan.actions.map(\.summary) == ["create 3", "status 0/0/0"])
    }

    @Test func availabilityWaitsForMinReadySeconds() {
        var rs = Self.rs
        rs.spec.replicas = 2
        rs.spec.minReadySeconds = 10
        let pods = [
            Fixture.pod("a", owner: rs, readySince: Fixture.t0 - 30),
            Fixture.pod("b", owner: rs, readySince: Fixture.t0 - 5),
        ]
        var generator = SeededGenerator(seed: 1)
        let plan = ReplicaSetPlanner().plan(
            replicaSet: rs, pods: pods, expectationsSatisfied: true, now: Fixture.t0, using: &generator)
        #expect(plan.status.readyReplicas == 2)
        #expect(plan.status.availableReplicas == 1)
        #expect(plan.status.observedGeneration == 1)
        #expect(plan.requeueAfter == 10)
    }

    @Test func slowStartBatches() {
        #expect(SlowStart.batches(for: 0) == [])
        #expect(SlowStart.batches(for: 1) == [1])
        #expect(SlowStart.batches(for: 10) == [1, 2, 4, 3])
    }
}

@Suite(.timeLimit(.minutes(1))) struct ControllerExpectationsTests {
    @Test func lifecycle() {
        var expectations = ControllerExpectations()
        #expect(expectations.satisfied("default/rs", now: 0))
        expectations.expectCreations("default/rs", count: 2, now: 0)
        #expect(!expectations.satisfied("default/rs", now: 1))
        expectations.creationObserved("default/rs")
        #expect(!expectations.satisfied("default/rs", now: 1))
        expectations.creationObserved("default/rs")
        #expect(expectations.satisfied("default/rs", now: 1))
        expectations.expectDeletions("default/rs", podKeys: ["default/a"], now: 2)
        expectations.deletionObserved("default/rs", podKey: "default/other")
        #expect(!expectations.satisfied("default/rs", now: 3))
        #expect(expectations.satisfied("default/rs", now: 2 + 301))
        expectations.deletionObserved("default/rs", podKey: "default/a")
        #expect(expectations.satisfied("default/rs", now: 3))
    }
}

@Suite(.timeLimit(.minutes(1))) struct PodDeletionRankingTests {
    @Test func doubledUpPodsGoFirst() {
        let rs = Fixture.replicaSet("web-abc", replicas: 2)
        let pods = [Fixture.pod("alone", owner: rs, node: "n1"), Fixture.pod("crowded", owner: rs, node: "n2")]
        let sibling = Fixture.replicaSet("web-old", replicas: 2)
        let related =
            pods + [
                Fixture.pod("other1", owner: sibling, node: "n2"), Fixture.pod("other2", owner: sibling, node: "n2"),
            ]
        #expect(
            PodDeletionRanking.sorted(pods, related: related, now: Fixture.t0).map(\.metadata.nameOrEmpty) == [
                "crowded", "alone",
            ])
    }

    @Test func deletionCostWins() {
        let rs = Fixture.replicaSet("web-abc", replicas: 2)
        var cheap = Fixture.pod("cheap", owner: rs, created: Fixture.t0 - 9000)
        cheap.metadata.annotations = ["controller.kubernetes.io/pod-deletion-cost": "-10"]
        let young = Fixture.pod("young", owner: rs, created: Fixture.t0 - 1)
        #expect(
            PodDeletionRanking.sorted([young, cheap], now: Fixture.t0).map(\.metadata.nameOrEmpty) == [
                "cheap", "young",
            ])
    }

    @Test func logarithmicBucketsTieBreakOnUID() {
        let rs = Fixture.replicaSet("web-abc", replicas: 2)
        // 100s and 110s old fall in the same log2(ns) bucket, so the UID decides, not the exact age.
        let b = Fixture.pod("b", owner: rs, created: Fixture.t0 - 100, readySince: Fixture.t0 - 100)
        let a = Fixture.pod("a", owner: rs, created: Fixture.t0 - 110, readySince: Fixture.t0 - 110)
        #expect(PodDeletionRanking.sorted([b, a], now: Fixture.t0).map(\.metadata.nameOrEmpty) == ["a", "b"])
    }
}
