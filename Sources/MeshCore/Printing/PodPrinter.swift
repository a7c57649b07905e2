/// `kubectl get pods` rows.
///
/// Why: copies `printPod` (pkg/printers/internalversion/printers.go): READY counts ready app containers
/// (plus started restartable init containers), STATUS starts from `status.reason` or the phase and is
/// overridden by init progress (`Init:0/1`, `Init:CrashLoopBackOff`), then by a container's waiting or
/// terminated reason (scanning containers from last to first), then `Terminating`/`Unknown` when
/// deleting; RESTARTS gets `(5m ago)` from the latest lastState.terminated.finishedAt.
public enum PodPrinter {
    /// The columns (`-o wide` adds the priority-1 ones).
    public static let columns = [
        TableColumn("Name", format: "name", description: "Name must be unique within a namespace."),
        TableColumn("Ready", description: "The aggregate readiness state of this pod for accepting traffic."),
        TableColumn("Status", description: "The aggregate status of the containers in this pod."),
        TableColumn(
            "Restarts",
            description:
                "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."
        ),
        TableColumn(
            "Age",
            description: "CreationTimestamp is a timestamp representing the server time when this object was created."),
        TableColumn(
            "IP", priority: 1,
            description:
                "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
        TableColumn(
            "Node", priority: 1, description: "NodeName is a request to schedule this pod onto a specific node."),
        TableColumn(
            "Nominated Node", priority: 1,
            description: "nominatedNodeName is set only when this pod preempts other pods on the node."),
        TableColumn(
            "Readiness Gates", priority: 1,
            description: "If specified, all readiness gates will be evaluated for pod readiness."),
    ]

    /// The table for `pods` at `now`.
    public static func table(_ pods: [Pod], now: Double) -> Table {
        Table(columns: columns, rows: pods.map { row($0, now: now) })
    }

    /// One row.
    public static func row(_ pod: Pod, now: Double) -> [String] {
        let status = pod.status ?? PodStatus(phase: nil)
        var restarts = 0
        var sidecarRestarts = 0
        var total = pod.spec.containers.count
        var readyCount = 0
        var lastRestart: Double?
        var lastSidecarRestart: Double?
        let phase = status.phase ?? ""
        var reason = (status.reason?.isEmpty == false ? status.reason : nil) ?? phase
        if status.conditions?.contains(where: { $0.type == "PodScheduled" && $0.reason == "SchedulingGated" }) == true {
            reason = "SchedulingGated"
        }
        let initSpecs = pod.spec.initContainers ?? []
        let restartable = Set(initSpecs.filter { $0.restartPolicy == "Always" }.map(\.name))
        total += restartable.count
        func later(_ a: Double?, _ b: String?) -> Double? {
            guard let b = FastTime.parse(b) else { return a }
            return max(a ?? b, b)
        }
        var initializing = false
        for (index, container) in (status.initContainerStatuses ?? []).enumerated() {
            restarts += container.restartCount
            lastRestart = later(lastRestart, container.lastState?.terminated?.finishedAt)
            let isSidecar = restartable.contains(container.name)
            if isSidecar {
                sidecarRestarts += container.restartCount
                lastSidecarRestart = later(lastSidecarRestart, container.lastState?.terminated?.finishedAt)
            }
            if let terminated = container.state?.terminated, terminated.exitCode == 0 { continue }
            if isSidecar && container.started == true {
                if container.ready { readyCount += 1 }
                continue
            }
            if let terminated = container.state?.terminated {
                reason =
                    (terminated.reason?.isEmpty == false)
                    ? "Init:" + (terminated.reason ?? "") : "Init:ExitCode:\(terminated.exitCode)"
            } else if let waiting = container.state?.waiting?.reason, !waiting.isEmpty, waiting != "PodInitializing" {
                reason = "Init:" + waiting
            } else {
                reason = "Init:\(index)/\(initSpecs.count)"
            }
            initializing = true
            break
        }
        if !initializing || status.conditions?.condition("Initialized")?.status == "True" {
            restarts = sidecarRestarts
            lastRestart = lastSidecarRestart
            var hasRunning = false
            for container in (status.containerStatuses ?? []).reversed() {
                restarts += container.restartCount
                lastRestart = later(lastRestart, container.lastState?.terminated?.finishedAt)
                if let waiting = container.state?.waiting?.reason, !waiting.isEmpty {
                    reason = waiting
                } else if let terminated = container.state?.terminated, let why = terminated.reason, !why.isEmpty {
                    reason = why
                } else if let terminated = container.state?.terminated {
                    reason = "ExitCode:\(terminated.exitCode)"
                } else if container.ready && container.state?.running != nil {
                    hasRunning = true
                    readyCount += 1
                }
            }
            if reason == "Completed" && hasRunning {
                reason = status.conditions?.condition("Ready")?.status == "True" ? "Running" : "NotReady"
            }
        }
        if pod.metadata.deletionTimestamp != nil && status.reason == "NodeLost" {
            reason = "Unknown"
        } else if pod.metadata.deletionTimestamp != nil && phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating"
        }
        var restartText = String(restarts)
        if restarts != 0, let lastRestart {
            restartText = "\(restarts) (\(Timestamp.age(since: lastRestart, now: now)) ago)"
        }
        let ip = status.podIPs?.first?.ip ?? ""
        var gates = "<none>"
        if let readinessGates = pod.spec.readinessGates, !readinessGates.isEmpty {
            let trueCount = readinessGates.filter { gate in
                status.conditions?.first { $0.type == gate["conditionType"]?.stringValue }?.status == "True"
            }.count
            gates = "\(trueCount)/\(readinessGates.count)"
        }
        return [
            pod.metadata.nameOrEmpty, "\(readyCount)/\(total)", reason, restartText,
            Timestamp.age(since: FastTime.parse(pod.metadata.creationTimestamp), now: now),
            ip.isEmpty ? "<none>" : ip, (pod.spec.nodeName ?? "").isEmpty ? "<none>" : pod.spec.nodeName ?? "",
            "<none>", gates,
        ]
    }
}
