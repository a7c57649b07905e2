import Testing

@testable import MeshCore

@Suite(.timeLimit(.minutes(1))) struct DeploymentPlannerTests {
    @Test func firstSyncCreatesTheNewReplicaSet() throws {
        let d = Fixture.deployment(replicas: 3)
        let hash = PodTemplateHash.compute(d.spec.template)
        let plan = DeploymentPlanner().plan(deployment: d, replicaSets: [], now: Fixture.t0)
        #expect(
            plan.actions.map(\.summary) == [
                "create web-\(hash)=3", "event ScalingReplicaSet: Scaled up replica set web-\(hash) from 0 to 3",
                "update deployment",
            ])
        guard case .createReplicaSet(let rs) = plan.actions[0] else { Issue.record("no create"); return }
        #expect(rs.metadata.labels == ["app": "web", "pod-template-hash": hash])
        #expect(rs.spec.selector.matchLabels == ["app": "web", "pod-template-hash": hash])
        #expect(rs.spec.template.metadata?.labels == ["app": "web", "pod-template-hash": hash])
        #expect(
            rs.metadata.annotations == [
                "deployment.kubernetes.io/revision": "1", "deployment.kubernetes.io/desired-replicas": "3",
                "deployment.kubernetes.io/max-replicas": "4",
            ])
        #expect(
            rs.metadata.ownerReferences == [
                OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "uid-web")
            ])
        #expect(plan.deployment.metadata.annotations?["deployment.kubernetes.io/revision"] == "1")
        let progressing = try #require(plan.deployment.status?.conditions?.condition("Progressing"))
        #expect(progressing.reason == "NewReplicaSetCreated")
        #expect(progressing.message == "Created new replica set \"web-\(hash)\"")
        let available = try #require(plan.deployment.status?.conditions?.condition("Available"))
        #expect(available.status == "False")
        #expect(available.message == "Deployment does not have minimum availability.")
        #expect(plan.deployment.status?.observedGeneration == 1)
    }

    static let rollingCases: [(Int, IntOrString?, IntOrString?)] = [
        (3, nil, nil), (10, .string("25%"), .string("25%")), (5, .int(0), .int(1)), (5, .int(2), .int(0)),
        (4, .string("50%"), .string("0%")), (1, .int(1), .int(0)), (7, .string("30%"), .string("10%")),
    ]

    @Test(arguments: rollingCases)
    func rollingUpdateKeepsWithinSurgeAndUnavailable(replicas: Int, surge: IntOrString?, unavailable: IntOrString?)
        throws
    {
        var sim = ClusterSimulation(
            Fixture.deployment(replicas: replicas, maxSurge: surge, maxUnavailable: unavailable))
        #expect(sim.runUntilDone() <= 100)
        let fence = DeploymentUtil.resolveFenceposts(sim.deployment)
        sim.setImage("nginx:1.26")
        let steps = sim.runUntilDone { state in
            #expect(state.pods.count <= replicas + fence.surge)
            #expect(state.pods.filter(\.isReady).count >= replicas - fence.unavailable)
        }
        #expect(steps <= 100)
        let newRS = try #require(sim.replicaSets.first { $0.spec.template.spec.containers[0].image == "nginx:1.26" })
        #expect(sim.pods.count == replicas)
        #expect(sim.pods.allSatisfy { $0.metadata.controllerRef?.uid == newRS.metadata.uid })
        #expect(sim.replicaSets.count == 2)
        #expect(sim.replicaSets.filter { $0 != newRS }.allSatisfy { $0.desiredReplicas == 0 })
        #expect(newRS.metadata.annotations?["deployment.kubernetes.io/revision"] == "2")
        let status = try #require(sim.deployment.status)
        #expect(
            status.updatedReplicas == replicas && status.availableReplicas == replicas
                && status.unavailableReplicas == 0)
        #expect(
            status.conditions?.condition("Progressing")?.message
                == "ReplicaSet \"\(newRS.metadata.nameOrEmpty)\" has successfully progressed.")
        #expect(status.conditions?.condition("Progressing")?.reason == "NewReplicaSetAvailable")
        #expect(status.conditions?.condition("Available")?.message == "Deployment has minimum availability.")
        #expect(RolloutStatus.message(for: sim.deployment).text == "deployment \"web\" successfully rolled out")
    }

    @Test func recreateNeverRunsOldAndNewTogether() throws {
        var sim = ClusterSimulation(Fixture.deployment(replicas: 3, strategy: "Recreate"))
        sim.runUntilDone()
        let oldUID = try #require(sim.replicaSets.first?.metadata.uid)
        sim.setImage("nginx:1.26")
        var sawEmpty = false
        let steps = sim.runUntilDone { state in
            let old = state.pods.filter { $0.metadata.controllerRef?.uid == oldUID }.count
            #expect(old == 0 || old == state.pods.count)
            if state.pods.isEmpty { sawEmpty = true }
        }
        #expect(steps <= 20)
        #expect(sawEmpty)
        #expect(sim.pods.count == 3 && sim.pods.allSatisfy { $0.metadata.controllerRef?.uid != oldUID })
    }

    @Test func pausedDeploymentDoesNotRollOut() throws {
        var sim = ClusterSimulation(Fixture.deployment(replicas: 2))
        sim.runUntilDone()
        sim.deployment.spec.paused = true
        sim.setImage("nginx:1.26")
        for _ in 0..<5 { sim.tick() }
        #expect(sim.replicaSets.count == 1)
        let progressing = try #require(sim.deployment.status?.conditions?.condition("Progressing"))
        #expect(progressing.reason == "DeploymentPaused" && progressing.status == "Unknown")
        #expect(progressing.message == "Deployment is paused")
        sim.deployment.spec.paused = false
        sim.runUntilDone()
        #expect(sim.replicaSets.count == 2)
        #expect(sim.events.contains { $0.hasPrefix("Scaled down replica set web-") })
    }

    @Test func proportionalScalingMidRollout() {
        var d = Fixture.deployment(replicas: 20, maxSurge: .int(3), maxUnavailable: .int(2))
        d.status = DeploymentStatus()
        d.status?.replicas = 13
        var old = Fixture.replicaSet("web-old", replicas: 8, uid: "o", created: Fixture.t0 - 100)
        old.spec.template = Fixture.template(image: "nginx:1.0")
        var new = Fixture.replicaSet("web-new", replicas: 5, uid: "n")
        new.spec.template = d.spec.template
        for index in [0, 1] {
            var rs = index == 0 ? old : new
            rs.metadata.ownerReferences = [
                OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "uid-web")
            ]
            rs.metadata.annotations = [
                "deployment.kubernetes.io/desired-replicas": "10", "deployment.kubernetes.io/max-replicas": "13",
                "deployment.kubernetes.io/revision": String(index + 1),
            ]
            if index == 0 { old = rs } else { new = rs }
        }
        let plan = DeploymentPlanner().plan(deployment: d, replicaSets: [old, new], now: Fixture.t0)
        #expect(plan.replicaSetActions.map(\.summary) == ["update web-old=14", "update web-new=9"])
        #expect(
            plan.actions.contains {
                $0.summary == "event ScalingReplicaSet: Scaled up replica set web-old to 14 from 8"
            })
    }

    @Test func historyBeyondLimitIsDeletedOldestFirst() {
        var d = Fixture.deployment(replicas: 1)
        d.spec.revisionHistoryLimit = 1
        var sets: [ReplicaSet] = []
        for revision in 1...3 {
            var rs = Fixture.replicaSet("web-r\(revision)", replicas: 0, created: Fixture.t0 + Double(revision))
            rs.spec.template = Fixture.template(image: "nginx:\(revision)")
            rs.metadata.annotations = ["deployment.kubernetes.io/revision": String(revision)]
            rs.metadata.ownerReferences = [
                OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "uid-web")
            ]
            rs.status = ReplicaSetStatus(replicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1)
            sets.append(rs)
        }
        var current = Fixture.replicaSet("web-cur", replicas: 1, created: Fixture.t0 + 10)
        current.spec.template = d.spec.template
        current.metadata.annotations = [
            "deployment.kubernetes.io/revision": "4", "deployment.kubernetes.io/desired-replicas": "1",
            "deployment.kubernetes.io/max-replicas": "2",
        ]
        current.metadata.ownerReferences = sets[0].metadata.ownerReferences
        current.status = ReplicaSetStatus(replicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1)
        d.status = DeploymentStatus()
        d.status?.observedGeneration = 1
        d.status?.replicas = 1
        d.status?.updatedReplicas = 1
        d.status?.availableReplicas = 1
        let plan = DeploymentPlanner().plan(deployment: d, replicaSets: sets + [current], now: Fixture.t0 + 20)
        #expect(plan.replicaSetActions.map(\.summary) == ["delete web-r1", "delete web-r2"])
    }

    @Test func progressDeadlineExceeded() throws {
        var d = Fixture.deployment(replicas: 2)
        var rs = Fixture.replicaSet("web-new", replicas: 2, created: Fixture.t0 - 1000)
        rs.spec.template = d.spec.template
        rs.metadata.ownerReferences = [
            OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "uid-web")
        ]
        rs.metadata.annotations = [
            "deployment.kubernetes.io/revision": "1", "deployment.kubernetes.io/desired-replicas": "2",
            "deployment.kubernetes.io/max-replicas": "3",
        ]
        rs.status = ReplicaSetStatus(replicas: 2, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1)
        var status = DeploymentStatus()
        status.observedGeneration = 1
        status.replicas = 2
        status.updatedReplicas = 2
        status.readyReplicas = 0
        status.availableReplicas = 0
        status.unavailableReplicas = 2
        status.conditions = [
            DeploymentConditions.make(
                "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.",
                now: Fixture.t0 - 1000),
            DeploymentConditions.make(
                "Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"web-new\" is progressing.",
                now: Fixture.t0 - 601),
        ]
        d.status = status
        d.metadata.annotations = ["deployment.kubernetes.io/revision": "1"]
        let plan = DeploymentPlanner().plan(deployment: d, replicaSets: [rs], now: Fixture.t0)
        let progressing = try #require(plan.deployment.status?.conditions?.condition("Progressing"))
        #expect(progressing.status == "False")
        #expect(progressing.reason == "ProgressDeadlineExceeded")
        #expect(progressing.message == "ReplicaSet \"web-new\" has timed out progressing.")
        #expect(
            RolloutStatus.message(for: plan.deployment) == (
                "error: deployment \"web\" exceeded its progress deadline", true
            ))

        d.status?.conditions?[1] = DeploymentConditions.make(
            "Progressing", "True", "ReplicaSetUpdated", "x", now: Fixture.t0 - 100)
        let waiting = DeploymentPlanner().plan(deployment: d, replicaSets: [rs], now: Fixture.t0)
        #expect(waiting.requeueAfter == 501)
    }

    @Test func hashIsStableAndShaped() {
        let template = Fixture.template()
        let hash = PodTemplateHash.compute(template)
        #expect(hash == PodTemplateHash.compute(Fixture.template()))
        #expect(hash != PodTemplateHash.compute(template, collisionCount: 1))
        #expect(hash != PodTemplateHash.compute(Fixture.template(image: "nginx:1.26")))
        #expect((6...10).contains(hash.count))
        #expect(hash.allSatisfy { NameSuffix.alphabet.contains($0) })
        #expect(PodTemplateHash.safeEncode("0123456789") == "456789bcdf")
        #expect(PodTemplateHash.fnv32a(Array("hello".utf8)) == 0x4F9F_2CAB)
    }
}

@Suite(.timeLimit(.minutes(1))) struct DeploymentSteadyStateTests {
    @Test(arguments: ["RollingUpdate", "Recreate"])
    func convergedDeploymentPlansNothing(strategy: String) {
        var sim = ClusterSimulation(Fixture.deployment(replicas: 3, strategy: strategy))
        sim.runUntilDone()
        sim.tick()
        let plan = DeploymentPlanner().plan(deployment: sim.deployment, replicaSets: sim.replicaSets, now: sim.now + 60)
        #expect(plan.actions.isEmpty)
        #expect(plan.requeueAfter == nil)
    }
}
