/// `kubectl rollout history` and `kubectl rollout undo` for Deployments, over the ReplicaSets it owns.
///
/// Why: copies kubectl's `DeploymentHistoryViewer.ViewHistory` and `DeploymentRollbacker.Rollback`
/// (polymorphichelpers/history.go, rollback.go), which work client-side on the ReplicaSets.
public enum RolloutHistory {
    /// One `REVISION  CHANGE-CAUSE` row.
    public struct Row: Sendable, Hashable {
        /// The revision number.
        public var revision: Int
        /// The `kubernetes.io/change-cause` annotation, or `<none>`.
        public var changeCause: String
    }

    /// Errors with kubectl's wording.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The message.
        public var description: String
    }

    /// The history rows, sorted by revision (empty: kubectl prints `No rollout history found.`).
    public static func rows(_ replicaSets: [ReplicaSet]) -> [Row] {
        var byRevision: [Int: String] = [:]
        for rs in replicaSets {
            guard let revision = DeploymentUtil.revision(rs) else { continue }
            let cause = rs.metadata.annotations?[DeploymentUtil.changeCauseAnnotation] ?? ""
            byRevision[revision] = cause.isEmpty ? "<none>" : cause
        }
        return byRevision.keys.sorted().map { Row(revision: $0, changeCause: byRevision[$0] ?? "<none>") }
    }

    /// The text kubectl prints: `deployment.apps/x` then a tab-aligned table (padding 2).
    public static func text(deploymentName: String, replicaSets: [ReplicaSet]) -> String {
        let rows = rows(replicaSets)
        guard !rows.isEmpty else { return "No rollout history found." }
        let table = [["REVISION", "CHANGE-CAUSE"]] + rows.map { [String($0.revision), $0.changeCause] }
        return "deployment.apps/\(deploymentName) \n" + TableRenderer.align(table, padding: 2, minWidth: 0)
    }

    /// `deploymentRevision`: the ReplicaSet holding `toRevision`, or the previous revision when 0.
    public static func replicaSet(
        for deploymentName: String, in replicaSets: [ReplicaSet], toRevision: Int = 0
    ) -> Result<ReplicaSet, Failure> {
        var latest: (Int, ReplicaSet)?
        var previous: (Int, ReplicaSet)?
        for rs in replicaSets {
            guard let revision = DeploymentUtil.revision(rs) else { continue }
            if toRevision == 0 {
                if (latest?.0 ?? -1) < revision {
                    previous = latest
                    latest = (revision, rs)
                } else if (previous?.0 ?? -1) < revision {
                    previous = (revision, rs)
                }
            } else if toRevision == revision {
                return .success(rs)
            }
        }
        if toRevision > 0 {
            return .failure(Failure(description: "unable to find specified revision \(toRevision) in history"))
        }
        guard let previous else {
            return .failure(Failure(description: "no rollout history found for deployment \"\(deploymentName)\""))
        }
        return .success(previous.1)
    }

    /// The result of `rollout undo`.
    public enum Undo: Sendable, Hashable {
        /// Write this Deployment (template and annotations restored); kubectl prints `rolled back`.
        case rolledBack(Deployment)
        /// Nothing to do; kubectl prints `skipped rollback (current template already matches revision N)`.
        case skipped(String)
    }

    /// `Rollback`: the Deployment with the template of `toRevision` (0 = previous) and that ReplicaSet's
    /// annotations, keeping the Deployment's own revision/apply annotations.
    public static func undo(_ d: Deployment, replicaSets: [ReplicaSet], toRevision: Int = 0) -> Result<Undo, Failure> {
        if d.spec.paused == true {
            return .failure(
                Failure(
                    description:
                        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
                ))
        }
        let found: ReplicaSet
        switch replicaSet(for: d.metadata.nameOrEmpty, in: replicaSets, toRevision: toRevision) {
        case .failure(let failure): return .failure(failure)
        case .success(let rs): found = rs
        }
        if PodTemplateHash.equalIgnoringHash(found.spec.template, d.spec.template) {
            return .success(.skipped("skipped rollback (current template already matches revision \(toRevision))"))
        }
        var updated = d
        updated.spec.template = PodTemplateHash.stripped(found.spec.template)
        var annotations: [String: String] = [:]
        for key in DeploymentUtil.annotationsToSkip {
            if let value = d.metadata.annotations?[key] { annotations[key] = value }
        }
        for (key, value) in found.metadata.annotations ?? [:] where !DeploymentUtil.annotationsToSkip.contains(key) {
            annotations[key] = value
        }
        updated.metadata.annotations = annotations
        return .success(.rolledBack(updated))
    }
}
