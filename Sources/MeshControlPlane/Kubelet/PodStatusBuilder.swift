import MeshCore

/// The statuses a kubelet reports, stage by stage (kwok's "stages" as code).
public enum PodStatusBuilder {
    /// Sandbox created, images "pulled": containers waiting in `ContainerCreating`
    /// (injected pods show `Init:0/1` while `istio-init` runs).
    public static func creating(_ pod: Pod, hostIP: String, podIP: String, now: Double) -> PodStatus {
        let stamp = Timestamp.format(now)
        var status = pod.status ?? PodStatus(phase: "Pending")
        status.phase = "Pending"
        status.hostIP = hostIP
        status.podIP = podIP
        status.podIPs = [PodIP(ip: podIP)]
        status.startTime = stamp
        status.qosClass = status.qosClass ?? QoSClass.of(pod.spec)
        var conditions = status.conditions ?? []
        let hasInit = !(pod.spec.initContainers ?? []).isEmpty
        conditions.set(Condition(type: "PodReadyToStartContainers", status: "True", lastTransitionTime: stamp))
        conditions.set(
            Condition(
                type: "Initialized", status: hasInit ? "False" : "True",
                reason: hasInit ? "ContainersNotInitialized" : nil,
                message: hasInit
                    ? "containers with incomplete status: [\((pod.spec.initContainers ?? []).map(\.name).joined(separator: " "))]"
                    : nil,
                lastTransitionTime: stamp))
        let names = pod.spec.containers.map(\.name).joined(separator: " ")
        conditions.set(
            Condition(
                type: "Ready", status: "False", reason: "ContainersNotReady",
                message: "containers with unready status: [\(names)]", lastTransitionTime: stamp))
        conditions.set(
            Condition(
                type: "ContainersReady", status: "False", reason: "ContainersNotReady",
                message: "containers with unready status: [\(names)]", lastTransitionTime: stamp))
        conditions.set(Condition(type: "PodScheduled", status: "True", lastTransitionTime: stamp))
        status.conditions = order(conditions)
        if hasInit {
            status.initContainerStatuses = (pod.spec.initContainers ?? []).map {
                containerStatus(
                    $0, pod: pod, state: ContainerState(waiting: ContainerStateWaiting(reason: "PodInitializing")),
                    ready: false)
            }
            status.containerStatuses = pod.spec.containers.map {
                containerStatus(
                    $0, pod: pod, state: ContainerState(waiting: ContainerStateWaiting(reason: "PodInitializing")),
                    ready: false)
            }
        } else {
            status.containerStatuses = pod.spec.containers.map {
                containerStatus(
                    $0, pod: pod, state: ContainerState(waiting: ContainerStateWaiting(reason: "ContainerCreating")),
                    ready: false)
            }
        }
        return status
    }

    /// Every container started and ready: phase Running, all conditions True.
    public static func running(_ pod: Pod, now: Double) -> PodStatus {
        let stamp = Timestamp.format(now)
        var status = pod.status ?? PodStatus(phase: "Pending")
        status.phase = "Running"
        var conditions = status.conditions ?? []
        for type in ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"] {
            conditions.set(Condition(type: type, status: "True", lastTransitionTime: stamp))
        }
        status.conditions = order(conditions)
        let restarts = Dictionary(
            (status.containerStatuses ?? []).map { ($0.name, $0.restartCount) }, uniquingKeysWith: { first, _ in first }
        )
        if let initContainers = pod.spec.initContainers, !initContainers.isEmpty {
            status.initContainerStatuses = initContainers.map {
                var terminated = ContainerStateTerminated(exitCode: 0, reason: "Completed", finishedAt: stamp)
                terminated.startedAt = stamp
                return containerStatus($0, pod: pod, state: ContainerState(terminated: terminated), ready: true)
            }
        }
        status.containerStatuses = pod.spec.containers.map {
            var container = containerStatus(
                $0, pod: pod, state: ContainerState(running: ContainerStateRunning(startedAt: stamp)), ready: true)
            container.started = true
            container.restartCount = restarts[$0.name] ?? 0
            return container
        }
        return status
    }

    /// Conditions in the order the kubelet writes them.
    static func order(_ conditions: [Condition]) -> [Condition] {
        let rank = [
            "PodReadyToStartContainers": 0, "Initialized": 1, "Ready": 2, "ContainersReady": 3, "PodScheduled": 4,
        ]
        return conditions.sorted { (rank[$0.type] ?? 9) < (rank[$1.type] ?? 9) }
    }

    static func containerStatus(_ container: Container, pod: Pod, state: ContainerState, ready: Bool) -> ContainerStatus
    {
        let image = container.image ?? ""
        var status = ContainerStatus(name: container.name, image: image, ready: ready, restartCount: 0, state: state)
        let seed = (pod.metadata.uid ?? pod.metadata.nameOrEmpty) + "/" + container.name
        status.containerID = "docker://" + hex(seed, length: 64)
        status.imageID =
            "docker-pullable://" + (image.contains("/") ? image : "docker.io/library/" + image) + "@sha256:"
            + hex(image, length: 64)
        status.started = state.running != nil
        return status
    }

    /// A stable pseudo-random hex string derived from `seed` (FNV-1a chained).
    static func hex(_ seed: String, length: Int) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var out = ""
        var round: UInt64 = 0
        while out.count < length {
            for byte in seed.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= round
            round += 1
            out += String(hash, radix: 16).leftPadded(16)
        }
        return String(out.prefix(length))
    }
}

extension String {
    func leftPadded(_ length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
