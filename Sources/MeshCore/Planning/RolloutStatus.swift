/// What `kubectl rollout status deployment/x` prints for one observed Deployment.
///
/// Why: copies `DeploymentStatusViewer.Status` (kubectl polymorphichelpers/rollout_status.go).
public enum RolloutStatus {
    /// One evaluation.
    public enum Outcome: Sendable, Hashable {
        /// Keep watching; the text is printed (without trailing newline).
        case waiting(String)
        /// Finished successfully: `deployment "x" successfully rolled out`.
        case done(String)
        /// Failed: the error text kubectl prints after `error: `.
        case failed(String)
    }

    /// Evaluates the Deployment as `rollout status` does; `revision` > 0 also checks the revision.
    public static func evaluate(_ d: Deployment, revision: Int = 0) -> Outcome {
        let name = d.metadata.nameOrEmpty
        if revision > 0 {
            let current = d.metadata.annotations?[DeploymentUtil.revisionAnnotation].flatMap { Int($0) } ?? 0
            if current != revision {
                return .failed("desired revision (\(revision)) is different from the running revision (\(current))")
            }
        }
        let status = d.status ?? DeploymentStatus()
        guard (d.metadata.generation ?? 0) <= (status.observedGeneration ?? 0) else {
            return .waiting("Waiting for deployment spec update to be observed...")
        }
        if status.conditions?.condition("Progressing")?.reason == DeploymentConditions.timedOutReason {
            return .failed("deployment \"\(name)\" exceeded its progress deadline")
        }
        let updated = status.updatedReplicas ?? 0
        let replicas = status.replicas ?? 0
        let available = status.availableReplicas ?? 0
        let prefix = "Waiting for deployment \"\(name)\" rollout to finish: "
        if let desired = d.spec.replicas, updated < desired {
            return .waiting(prefix + "\(updated) out of \(desired) new replicas have been updated...")
        }
        if replicas > updated {
            return .waiting(prefix + "\(replicas - updated) old replicas are pending termination...")
        }
        if available < updated {
            return .waiting(prefix + "\(available) of \(updated) updated replicas are available...")
        }
        return .done("deployment \"\(name)\" successfully rolled out")
    }

    /// The line to print and whether watching stops (done or failed; failures read `error: …`).
    public static func message(for d: Deployment, revision: Int = 0) -> (text: String, done: Bool) {
        switch evaluate(d, revision: revision) {
        case .waiting(let text): (text, false)
        case .done(let text): (text, true)
        case .failed(let text): ("error: \(text)", true)
        }
    }
}
