import Testing

@testable import MeshCore

@Suite(.timeLimit(.minutes(1))) struct RolloutTests {
    static func deployment(generation: Int, observed: Int, replicas: Int, updated: Int, total: Int, available: Int)
        -> Deployment
    {
        var d = Fixture.deployment(replicas: replicas, generation: generation)
        var status = DeploymentStatus()
        status.observedGeneration = observed
        status.updatedReplicas = updated
        status.replicas = total
        status.availableReplicas = available
        d.status = status
        return d
    }

    static let cases: [(Deployment, String, Bool)] = [
        (
            deployment(generation: 2, observed: 1, replicas: 3, updated: 3, total: 3, available: 3),
            "Waiting for deployment spec update to be observed...", false
        ),
        (
            deployment(generation: 2, observed: 2, replicas: 3, updated: 1, total: 4, available: 3),
            "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...", false
        ),
        (
            deployment(generation: 2, observed: 2, replicas: 3, updated: 3, total: 4, available: 3),
            "Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...", false
        ),
        (
            deployment(generation: 2, observed: 2, replicas: 3, updated: 3, total: 3, available: 2),
            "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available...", false
        ),
        (
            deployment(generation: 2, observed: 2, replicas: 3, updated: 3, total: 3, available: 3),
            "deployment \"web\" successfully rolled out", true
        ),
    ]

    @Test(arguments: cases)
    func status(_ d: Deployment, text: String, done: Bool) {
        let message = RolloutStatus.message(for: d)
        #expect(message.text == text)
        #expect(message.done == done)
    }

    static func history() -> [ReplicaSet] {
        (1...3).map { revision in
            var rs = Fixture.replicaSet("web-r\(revision)", replicas: revision == 3 ? 3 : 0)
            rs.spec.template = Fixture.template(image: "nginx:1.\(revision)")
            rs.spec.template.metadata?.labels?["pod-template-hash"] = "r\(revision)"
            rs.metadata.annotations = ["deployment.kubernetes.io/revision": String(revision)]
            if revision == 2 {
                rs.metadata.annotations?["kubernetes.io/change-cause"] =
                    "kubectl set image deployment/web web=nginx:1.2"
            }
            return rs
        }
    }

    @Test func historyTable() {
        #expect(
            RolloutHistory.text(deploymentName: "web", replicaSets: Self.history()) == """
                deployment.apps/web 
                REVISION  CHANGE-CAUSE
                1         <none>
                2         kubectl set image deployment/web web=nginx:1.2
                3         <none>

                """)
        #expect(RolloutHistory.text(deploymentName: "web", replicaSets: []) == "No rollout history found.")
    }

    @Test func undoToPrevious() throws {
        var d = Fixture.deployment(image: "nginx:1.3")
        d.metadata.annotations = ["deployment.kubernetes.io/revision": "3"]
        let result = try RolloutHistory.undo(d, replicaSets: Self.history()).get()
        guard case .rolledBack(let updated) = result else { Issue.record("expected rollback"); return }
        #expect(updated.spec.template.spec.containers[0].image == "nginx:1.2")
        #expect(updated.spec.template.metadata?.labels == ["app": "web"])
        #expect(
            updated.metadata.annotations == [
                "deployment.kubernetes.io/revision": "3",
                "kubernetes.io/change-cause": "kubectl set image deployment/web web=nginx:1.2",
            ])
        let explicit = try RolloutHistory.undo(d, replicaSets: Self.history(), toRevision: 3).get()
        #expect(explicit == .skipped("skipped rollback (current template already matches revision 3)"))
    }

    @Test func undoErrors() {
        let d = Fixture.deployment()
        #expect(throws: RolloutHistory.Failure(description: "no rollout history found for deployment \"web\"")) {
            try RolloutHistory.undo(d, replicaSets: [Self.history()[0]]).get()
        }
        #expect(throws: RolloutHistory.Failure(description: "unable to find specified revision 9 in history")) {
            try RolloutHistory.undo(d, replicaSets: Self.history(), toRevision: 9).get()
        }
    }
}
