/// The event reasons and messages controllers, the scheduler and the kubelet record, with their exact
/// Kubernetes wording, for `kubectl describe` and `kubectl get events`.
///
/// Why: copies the `Eventf` calls of `RealPodControl` (controller_utils.go), the scheduler's
/// `Scheduled` event (schedule_one.go) and kubelet's container events (kuberuntime_container.go,
/// image_manager.go).
public enum ControllerEvents {
    /// One event to record: type (`Normal`/`Warning`), reason, message.
    public struct Record: Sendable, Hashable {
        /// `Normal` or `Warning`.
        public var type: String
        /// The reason (`SuccessfulCreate`).
        public var reason: String
        /// The message.
        public var message: String
        /// Creates a record.
        public init(_ type: String, _ reason: String, _ message: String) {
            self.type = type
            self.reason = reason
            self.message = message
        }
    }

    /// On a ReplicaSet after creating a pod.
    public static func podCreated(_ name: String) -> Record {
        Record("Normal", "SuccessfulCreate", "Created pod: \(name)")
    }
    /// On a ReplicaSet after deleting a pod.
    public static func podDeleted(_ name: String) -> Record {
        Record("Normal", "SuccessfulDelete", "Deleted pod: \(name)")
    }
    /// On a pod once bound.
    public static func scheduled(namespace: String, pod: String, node: String) -> Record {
        Record("Normal", "Scheduled", "Successfully assigned \(namespace)/\(pod) to \(node)")
    }
    /// On a pod that fits nowhere (message from `Scheduler.Result.unschedulable`).
    public static func failedScheduling(_ message: String) -> Record { Record("Warning", "FailedScheduling", message) }
    /// Kubelet: the image is cached.
    public static func pulled(image: String) -> Record {
        Record("Normal", "Pulled", "Container image \"\(image)\" already present on machine")
    }
    /// Kubelet: a container was created.
    public static func created(container: String) -> Record {
        Record("Normal", "Created", "Created container: \(container)")
    }
    /// Kubelet: a container was started.
    public static func started(container: String) -> Record {
        Record("Normal", "Started", "Started container \(container)")
    }
    /// Kubelet: a container is being stopped.
    public static func killing(container: String) -> Record {
        Record("Normal", "Killing", "Stopping container \(container)")
    }
    /// Kubelet: a crashed container is backing off.
    public static func backOff(container: String, pod: String, namespace: String, uid: String) -> Record {
        Record(
            "Warning", "BackOff", "Back-off restarting failed container \(container) in pod \(pod)_\(namespace)(\(uid))"
        )
    }

    /// The ReplicaSet controller's events for a plan's creations and deletions.
    public static func records(for plan: ReplicaSetPlanner.Plan) -> [Record] {
        plan.podsToCreate.map { podCreated($0.metadata.nameOrEmpty) }
            + plan.podsToDelete.map { podDeleted($0.metadata.nameOrEmpty) }
    }
}

extension ControllerExpectations {
    /// Records what `plan` is about to do under `key` (`ExpectCreations` or `ExpectDeletions` with pod
    /// keys), as `manageReplicas` does before issuing the calls.
    public mutating func expect(_ plan: ReplicaSetPlanner.Plan, key: String, now: Double) {
        if !plan.podsToCreate.isEmpty {
            expectCreations(key, count: plan.podsToCreate.count, now: now)
        } else if !plan.podsToDelete.isEmpty {
            expectDeletions(
                key,
                podKeys: plan.podsToDelete.map { "\($0.metadata.namespace ?? "default")/\($0.metadata.nameOrEmpty)" },
                now: now)
        }
    }
}
