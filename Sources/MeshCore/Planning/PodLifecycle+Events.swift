extension PodLifecycle {
    /// Graceful termination finished: every container terminated (exit 0, `Completed`), not ready,
    /// phase `Succeeded` (kubelet gives deleted pods a terminal phase); the caller then removes the pod.
    public static func terminated(_ pod: Pod, now: Double, exitCode: Int = 0) -> PodStatus {
        let stamp = Timestamp.format(now)
        var status = pod.status ?? PodStatus(phase: "Pending")
        status.containerStatuses = status.containerStatuses?.map { previous in
            var result = previous
            var terminated = ContainerStateTerminated(
                exitCode: exitCode, reason: exitCode == 0 ? "Completed" : "Error", finishedAt: stamp)
            terminated.startedAt = previous.state?.running?.startedAt
            result.state = ContainerState(terminated: terminated)
            result.ready = false
            result.started = false
            return result
        }
        status.phase = exitCode == 0 ? "Succeeded" : "Failed"
        var conditions = status.conditions ?? []
        for type in ["Ready", "ContainersReady"] {
            conditions.set(
                Condition(type: type, status: "False", reason: "PodCompleted", message: nil, lastTransitionTime: stamp))
        }
        conditions.set(Condition(type: "PodReadyToStartContainers", status: "False", lastTransitionTime: stamp))
        status.conditions = conditions
        return status
    }

    /// A container exited with `exitCode`: it waits in `CrashLoopBackOff`, restartCount+1, lastState
    /// terminated (`Error`), the pod not Ready.
    public static func crashed(_ pod: Pod, container name: String, exitCode: Int = 1, now: Double) -> PodStatus {
        let stamp = Timestamp.format(now)
        var status = pod.status ?? PodStatus(phase: "Running")
        status.containerStatuses = status.containerStatuses?.map { previous in
            guard previous.name == name else { return previous }
            var result = previous
            var terminated = ContainerStateTerminated(exitCode: exitCode, reason: "Error", finishedAt: stamp)
            terminated.startedAt = previous.state?.running?.startedAt
            result.lastState = ContainerState(terminated: terminated)
            let seconds = min(300, 10 << min(previous.restartCount, 5))
            let message =
                "back-off \(Timestamp.humanDuration(seconds)) restarting failed container=\(name) "
                + "pod=\(pod.metadata.nameOrEmpty)_\(pod.metadata.namespace ?? "default")(\(pod.metadata.uid ?? ""))"
            result.state = ContainerState(waiting: ContainerStateWaiting(reason: "CrashLoopBackOff", message: message))
            result.ready = false
            result.started = false
            result.restartCount += 1
            return result
        }
        let unready = (status.containerStatuses ?? []).filter { !$0.ready }.map(\.name).joined(separator: " ")
        var conditions = status.conditions ?? []
        for type in ["Ready", "ContainersReady"] {
            conditions.set(
                Condition(
                    type: type, status: "False", reason: "ContainersNotReady",
                    message: "containers with unready status: [\(unready)]", lastTransitionTime: stamp))
        }
        status.conditions = conditions
        return status
    }

    /// The back-off expired: the container runs again (ready), keeping its lastState.
    public static func restarted(_ pod: Pod, container name: String, now: Double) -> PodStatus {
        var status = pod.status ?? PodStatus(phase: "Running")
        status.containerStatuses = status.containerStatuses?.map { previous in
            guard previous.name == name, let container = pod.spec.containers.first(where: { $0.name == name }) else {
                return previous
            }
            var result = runningStatus(pod, container, ready: true, now: now, restarts: previous.restartCount)
            result.lastState = previous.lastState
            return result
        }
        if status.containerStatuses?.allSatisfy(\.ready) == true {
            var conditions = status.conditions ?? []
            for type in ["Ready", "ContainersReady"] {
                conditions.set(Condition(type: type, status: "True", lastTransitionTime: Timestamp.format(now)))
            }
            status.conditions = conditions
        }
        return status
    }

    /// The node stopped reporting: `MarkPodsNotReady` flips Ready to False.
    public static func nodeNotReady(_ pod: Pod, now: Double) -> PodStatus {
        var status = pod.status ?? PodStatus(phase: "Pending")
        var conditions = status.conditions ?? []
        if let ready = conditions.condition("Ready") {
            var updated = ready
            updated.status = "False"
            updated.lastTransitionTime = Timestamp.format(now)
            conditions.set(updated)
        }
        status.conditions = conditions
        return status
    }

    /// The status the node lifecycle controller leaves on an evicted pod from a lost node
    /// (`NodeLost`, printed as `Unknown` once the pod is being deleted).
    public static func evicted(_ pod: Pod, now: Double) -> PodStatus {
        var status = nodeNotReady(pod, now: now)
        status.reason = "NodeLost"
        status.message =
            "Node \(pod.spec.nodeName ?? "") which was running pod \(pod.metadata.nameOrEmpty) is unresponsive"
        return status
    }
}
