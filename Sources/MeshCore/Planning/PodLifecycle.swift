/// The kubelet simulated as data, kwok "stages" style: a selector on the current status picks the
/// next stage, and each stage is a pure status transformation. Time is a parameter.
///
/// Stages for a bound pod: `ContainerCreating` (no init containers) or `Init:0/1` (init containers
/// running) → `PodInitializing` (init done, app containers starting) → `Running` not ready (only when
/// a container has a readiness probe) → `Running` ready. Plus termination, crash/restart and node loss.
///
/// Why: mirrors what kubelet's `generateAPIPodStatus` reports at each step (conditions
/// PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled with kubelet's
/// reasons/messages), so `kubectl get pods` walks through the same STATUS values as a real cluster.
public enum PodLifecycle {
    /// One step of the start-up sequence.
    public enum Stage: String, Sendable, Hashable, CaseIterable {
        /// Sandbox being created, app containers waiting `ContainerCreating`.
        case containerCreating
        /// Init containers running (`Init:0/1`).
        case initializing
        /// Init containers done, app containers waiting `PodInitializing`.
        case podInitializing
        /// Containers running, not yet ready.
        case started
        /// Containers running and ready.
        case ready
    }

    /// Where the pod runs.
    public struct Placement: Sendable, Hashable {
        /// The node's InternalIP.
        public var hostIP: String
        /// The pod's IP (from `PodIPAllocator`).
        public var podIP: String
        /// Creates a placement.
        public init(hostIP: String, podIP: String) {
            self.hostIP = hostIP
            self.podIP = podIP
        }
    }

    /// The stage after the pod's current one, or nil when it is ready, finished, terminating or unbound.
    public static func nextStage(_ pod: Pod) -> Stage? {
        guard pod.spec.nodeName?.isEmpty == false, !pod.isTerminating, !PodReadiness.isTerminal(pod) else { return nil }
        let hasInit = !(pod.spec.initContainers ?? []).isEmpty
        guard let statuses = pod.status?.containerStatuses, !statuses.isEmpty else {
            return hasInit ? .initializing : .containerCreating
        }
        if statuses.allSatisfy({ $0.state?.running != nil }) {
            return statuses.allSatisfy(\.ready) ? nil : .ready
        }
        if statuses.contains(where: { $0.state?.waiting?.reason == "CrashLoopBackOff" || $0.state?.terminated != nil })
        {
            return nil
        }
        let initRunning = pod.status?.initContainerStatuses?.contains { $0.state?.terminated == nil } ?? false
        if hasInit && initRunning { return .podInitializing }
        return needsReadinessWait(pod) ? .started : .ready
    }

    /// Whether some container declares a readiness probe (so it shows `Running 0/1` before Ready).
    static func needsReadinessWait(_ pod: Pod) -> Bool { pod.spec.containers.contains { $0.readinessProbe != nil } }

    /// The status after `stage`, applied at `now`.
    public static func status(_ pod: Pod, stage: Stage, placement: Placement, now: Double) -> PodStatus {
        let stamp = Timestamp.format(now)
        var status = pod.status ?? PodStatus(phase: "Pending")
        status.hostIP = placement.hostIP
        status.startTime = status.startTime ?? stamp
        status.qosClass = QoSClass.of(pod.spec)
        let names = pod.spec.containers.map(\.name)
        let initNames = (pod.spec.initContainers ?? []).map(\.name)
        var conditions = status.conditions ?? []
        func set(_ type: String, _ value: String, _ reason: String? = nil, _ message: String? = nil) {
            conditions.set(
                Condition(type: type, status: value, reason: reason, message: message, lastTransitionTime: stamp))
        }
        let unready = "containers with unready status: [\(names.joined(separator: " "))]"
        switch stage {
        case .containerCreating, .initializing:
            status.phase = "Pending"
            set("PodReadyToStartContainers", stage == .initializing ? "True" : "False")
            if initNames.isEmpty {
                set("Initialized", "True")
            } else {
                set(
                    "Initialized", "False", "ContainersNotInitialized",
                    "containers with incomplete status: [\(initNames.joined(separator: " "))]")
            }
            set("Ready", "False", "ContainersNotReady", unready)
            set("ContainersReady", "False", "ContainersNotReady", unready)
            set("PodScheduled", "True")
            let waiting = initNames.isEmpty ? "ContainerCreating" : "PodInitializing"
            status.containerStatuses = pod.spec.containers.map { waitingStatus($0, reason: waiting) }
            if stage == .initializing {
                status.podIP = placement.podIP
                status.podIPs = [PodIP(ip: placement.podIP)]
                status.initContainerStatuses = (pod.spec.initContainers ?? []).enumerated().map { index, container in
                    index == 0
                        ? runningStatus(pod, container, ready: false, now: now)
                        : waitingStatus(container, reason: "PodInitializing")
                }
            }
        case .podInitializing:
            set("PodReadyToStartContainers", "True")
            set("Initialized", "True")
            status.podIP = placement.podIP
            status.podIPs = [PodIP(ip: placement.podIP)]
            status.initContainerStatuses = (pod.spec.initContainers ?? []).map { container in
                var result = runningStatus(pod, container, ready: false, now: now)
                let started =
                    status.initContainerStatuses?.first { $0.name == container.name }?.state?.running?.startedAt
                    ?? stamp
                var terminated = ContainerStateTerminated(exitCode: 0, reason: "Completed", finishedAt: stamp)
                terminated.startedAt = started
                result.state = ContainerState(terminated: terminated)
                result.started = false
                return result
            }
            status.containerStatuses = pod.spec.containers.map { waitingStatus($0, reason: "PodInitializing") }
        case .started, .ready:
            let ready = stage == .ready
            let waitingFor = pod.spec.containers.filter { !ready && $0.readinessProbe != nil }.map(\.name)
            let unready = "containers with unready status: [\(waitingFor.joined(separator: " "))]"
            status.phase = "Running"
            status.podIP = placement.podIP
            status.podIPs = [PodIP(ip: placement.podIP)]
            set("PodReadyToStartContainers", "True")
            set("Initialized", "True")
            set("Ready", ready ? "True" : "False", ready ? nil : "ContainersNotReady", ready ? nil : unready)
            set("ContainersReady", ready ? "True" : "False", ready ? nil : "ContainersNotReady", ready ? nil : unready)
            set("PodScheduled", "True")
            status.containerStatuses = pod.spec.containers.map { container in
                let previous = pod.status?.containerStatuses?.first { $0.name == container.name }
                var result = runningStatus(pod, container, ready: !waitingFor.contains(container.name), now: now)
                if let running = previous?.state?.running { result.state = ContainerState(running: running) }
                result.restartCount = previous?.restartCount ?? 0
                result.lastState = previous?.lastState
                return result
            }
        }
        status.conditions = conditions
        return status
    }

    /// Applies `nextStage` once; nil when the pod has nowhere further to go.
    public static func advance(_ pod: Pod, placement: Placement, now: Double) -> PodStatus? {
        nextStage(pod).map { status(pod, stage: $0, placement: placement, now: now) }
    }

    // MARK: - Container statuses

    static func waitingStatus(_ container: Container, reason: String) -> ContainerStatus {
        var result = ContainerStatus(
            name: container.name, image: container.image ?? "", ready: false, restartCount: 0,
            state: ContainerState(waiting: ContainerStateWaiting(reason: reason)))
        result.imageID = ""
        result.started = false
        return result
    }

    static func runningStatus(_ pod: Pod, _ container: Container, ready: Bool, now: Double, restarts: Int = 0)
        -> ContainerStatus
    {
        var result = ContainerStatus(
            name: container.name, image: container.image ?? "", ready: ready, restartCount: restarts,
            state: ContainerState(running: ContainerStateRunning(startedAt: Timestamp.format(now))))
        result.started = true
        result.imageID = imageID(container.image ?? "")
        result.containerID = containerID(pod, container.name, restarts: restarts)
        return result
    }

    /// `containerd://<64 hex>`, stable for a pod, container and restart count.
    public static func containerID(_ pod: Pod, _ name: String, restarts: Int) -> String {
        "containerd://" + hex64("\(pod.metadata.uid ?? pod.metadata.nameOrEmpty)/\(name)/\(restarts)")
    }

    /// `docker.io/library/nginx@sha256:<64 hex>` for an image reference.
    public static func imageID(_ image: String) -> String {
        var repository = image
        if let at = repository.firstIndex(of: "@") { repository = String(repository[..<at]) }
        if let colon = repository.lastIndex(of: ":"), !repository[colon...].contains("/") {
            repository = String(repository[..<colon])
        }
        let parts = repository.split(separator: "/")
        if parts.count == 1 {
            repository = "docker.io/library/" + repository
        } else if let first = parts.first, !first.contains("."), !first.contains(":"), first != "localhost" {
            repository = "docker.io/" + repository
        }
        return "\(repository)@sha256:" + hex64(image)
    }

    static func hex64(_ seed: String) -> String {
        var hex = ""
        var state = PodTemplateHash.fnv32a(Array(seed.utf8))
        while hex.count < 64 {
            state = PodTemplateHash.fnv32a(Array(String(state).utf8), seed: state)
            hex += String(state, radix: 16).leftPadded(to: 8)
        }
        return hex
    }
}
