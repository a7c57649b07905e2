import MeshCore
import MeshStore

/// The kubelets of every simulated node: take bound pods through ContainerCreating to Running and
/// Ready (starting their real loopback servers), restart servers after a daemon restart, and finish
/// graceful deletions.
///
/// Why one reconciler for all nodes: every node watches the same pod stream; one watcher that
/// routes by `spec.nodeName` to per-node state (`NodeAgentState`) avoids fanning each event out 100 times.
public actor KubeletController: Reconciler {
    public nonisolated let name = "kubelet"
    public nonisolated let watchedKinds: Set<String> = ["Pod", "Node"]
    private let store: ObjectStore
    private let events: EventRecorder
    private let runtime: any PodRuntime
    private let clock: any ClusterClock
    private var agents: [String: NodeAgentState] = [:]
    private var running: [ObjectKey: Int] = [:]
    private var podIPs: [ObjectKey: (node: String, ip: String)] = [:]
    private var draining: Set<ObjectKey> = []
    private var inFlight: Set<ObjectKey> = []
    private var syncAgain: Set<ObjectKey> = []
    /// Pods synced at once, like the kubelet's pod workers.
    public nonisolated var workers: Int { 8 }
    /// How long a terminating pod keeps serving (longer than the route push debounce).
    private let drainPeriod: Duration = .milliseconds(300)

    /// The annotation recording where a pod really listens on this machine.
    public static let localAddressAnnotation = "meshsim.io/local-address"
    /// Where an injected pod's proxy serves `/stats/prometheus` (Envoy's `:15090`) on 127.0.0.1.
    public static let statsAddressAnnotation = "meshsim.io/stats-address"

    /// Creates the kubelets.
    public init(store: ObjectStore, events: EventRecorder, runtime: any PodRuntime, clock: any ClusterClock) {
        self.store = store
        self.events = events
        self.runtime = runtime
        self.clock = clock
    }

    /// Bound pods, deleted pods we were running, and every pod of a node that becomes Ready.
    public nonisolated func keys(for event: WatchEvent) -> [String] {
        if let node = event.object.as(Node.self) {
            guard node.isReady, event.previous?.as(Node.self)?.isReady == false else { return [] }
            return ["node:" + node.metadata.nameOrEmpty]
        }
        guard let pod = event.object.as(Pod.self) else { return [] }
        if pod.spec.nodeName == nil && event.type != .deleted { return [] }
        return [pod.key.description]
    }

    /// Every bound pod (servers come back after a restart).
    public nonisolated func initialKeys(in store: ObjectStore) async -> [String] {
        await store.list(Pod.self).filter { $0.spec.nodeName != nil }.map(\.key.description)
    }

    /// Moves one pod one or more stages forward.
    public func reconcile(_ key: String) async throws {
        if key.hasPrefix("node:") {
            let node = String(key.dropFirst(5))
            for pod in await store.list(Pod.self) where pod.spec.nodeName == node {
                running[pod.key] = nil
                try await sync(pod.key)
            }
            return
        }
        try await sync(ObjectKey.fromQueueKey(key, kind: "Pod"))
    }

    /// One pod worker (the kubelet's per-pod goroutine): a pod is synced by one worker at a time,
    /// and a sync asked for meanwhile runs again when the current pass ends, so no change is lost.
    private func sync(_ podKey: ObjectKey) async throws {
        guard inFlight.insert(podKey).inserted else {
            syncAgain.insert(podKey)
            return
        }
        defer { inFlight.remove(podKey) }
        repeat {
            syncAgain.remove(podKey)
            try await syncOnce(podKey)
        } while syncAgain.contains(podKey)
    }

    private func syncOnce(_ podKey: ObjectKey) async throws {
        guard let pod = await store.get(podKey)?.as(Pod.self) else {
            await release(podKey, graceful: false)
            return
        }
        guard let nodeName = pod.spec.nodeName, let node = await store.get(Node.self, name: nodeName) else { return }
        // A stopped node's kubelet does nothing: its pods stay as they are until it starts again.
        guard node.isReady else { return }
        if pod.isTerminating {
            // Why: the endpoints controller drops a terminating pod at once, but the gateway learns it
            // only at its next route push; like a preStop hook, the server keeps serving for a short
            // drain so requests already routed to it still succeed, then stops.
            if running[podKey] != nil, !draining.contains(podKey) {
                draining.insert(podKey)
                let drain = drainPeriod
                Task {
                    try? await Task.sleep(for: drain)
                    try? await self.finishTermination(podKey)
                }
                return
            }
            if draining.contains(podKey) { return }
            try await finishTermination(podKey)
            return
        }
        if pod.phase == "Succeeded" || pod.phase == "Failed" { return }
        var current = pod
        if current.status?.podIP == nil {
            current = try await createContainers(current, node: node)
        }
        if running[podKey] == nil || current.phase != "Running" {
            try await startContainers(current)
        }
    }

    private func finishTermination(_ podKey: ObjectKey) async throws {
        draining.remove(podKey)
        guard let pod = await store.get(podKey)?.as(Pod.self) else {
            await release(podKey, graceful: false)
            return
        }
        await release(podKey, graceful: true)
        for container in pod.spec.containers {
            await events.record(
                AnyResource(pod), reason: "Killing", message: "Stopping container \(container.name)",
                component: "kubelet")
        }
        // Why: the kubelet removes the pod object once its containers are gone (grace period 0).
        try await store.write([.delete(podKey, gracePeriodSeconds: 0)])
    }

    /// Loads a node's allocations the first time one of its pods is seen.
    private func loadAgent(for node: Node) async {
        let name = node.metadata.nameOrEmpty
        if agents[name] != nil { return }
        let pods = await store.list(Pod.self).filter { $0.spec.nodeName == name }
        // Another worker may have loaded it while we read the store.
        if agents[name] != nil { return }
        var used = Set<String>()
        for pod in pods {
            if let ip = pod.status?.podIP {
                used.insert(ip)
                podIPs[pod.key] = (name, ip)
            }
        }
        agents[name] = NodeAgentState(node: node, usedIPs: used)
    }

    private func createContainers(_ pod: Pod, node: Node) async throws -> Pod {
        await loadAgent(for: node)
        // No suspension from here to the allocation's bookkeeping: concurrent workers of this
        // actor never hand out the same IP.
        guard var state = agents[node.metadata.nameOrEmpty] else { return pod }
        // Why: hostNetwork pods (the static control-plane pods, kube-proxy) share the node's IP.
        if pod.spec.hostNetwork == true {
            var updated = pod
            updated.status = PodStatusBuilder.creating(pod, hostIP: state.hostIP, podIP: state.hostIP, now: clock.now())
            updated.metadata.resourceVersion = nil
            try await store.write([.updateStatus(AnyResource(updated))])
            return updated
        }
        guard let ip = state.allocateIP() else {
            await events.record(
                AnyResource(pod), type: "Warning", reason: "FailedCreatePodSandBox",
                message: "Failed to create pod sandbox: no IP addresses available in range \(node.spec.podCIDR ?? "")",
                component: "kubelet")
            return pod
        }
        agents[node.metadata.nameOrEmpty] = state
        podIPs[pod.key] = (node.metadata.nameOrEmpty, ip)
        var updated = pod
        updated.status = PodStatusBuilder.creating(pod, hostIP: state.hostIP, podIP: ip, now: clock.now())
        updated.metadata.resourceVersion = nil
        try await store.write([.updateStatus(AnyResource(updated))])
        for container in (pod.spec.initContainers ?? []) + pod.spec.containers {
            let subject = AnyResource(pod)
            await events.record(
                subject, reason: "Pulled",
                message: "Container image \"\(container.image ?? "")\" already present on machine", component: "kubelet"
            )
            await events.record(
                subject, reason: "Created", message: "Created container: \(container.name)", component: "kubelet")
            await events.record(
                subject, reason: "Started", message: "Started container \(container.name)", component: "kubelet")
        }
        return updated
    }

    private func startContainers(_ pod: Pod) async throws {
        let preferred = pod.metadata.annotations?[Self.localAddressAnnotation]
            .flatMap { $0.split(separator: ":").last.flatMap { Int($0) } }
        let ports: PodPorts
        do {
            ports = try await runtime.start(pod: pod, preferredPort: preferred)
        } catch {
            await events.record(
                AnyResource(pod), type: "Warning", reason: "Failed", message: "Error: \(error)", component: "kubelet")
            throw error
        }
        running[pod.key] = ports.port
        var updated = pod
        var annotations = updated.metadata.annotations ?? [:]
        annotations[Self.localAddressAnnotation] = "127.0.0.1:\(ports.port)"
        annotations[Self.statsAddressAnnotation] = ports.statsPort.map { "127.0.0.1:\($0)" }
        updated.metadata.annotations = annotations
        updated.status = PodStatusBuilder.running(pod, now: clock.now())
        updated.metadata.resourceVersion = nil
        try await store.write([.updateStatus(AnyResource(updated))])
    }

    private func release(_ key: ObjectKey, graceful: Bool) async {
        if running.removeValue(forKey: key) != nil { await runtime.stop(podKey: key, graceful: graceful) }
        if let (node, ip) = podIPs.removeValue(forKey: key) { agents[node]?.releaseIP(ip) }
    }

    /// Kills a pod's server abruptly, as a crashed container would be (scenario `kill-pod`).
    public func kill(_ key: ObjectKey) async {
        if running.removeValue(forKey: key) != nil { await runtime.stop(podKey: key, graceful: false) }
    }

    /// Stops every server (daemon shutdown); pods stay Running in the store and come back on restart.
    public func stopAll() async {
        for key in running.keys { await runtime.stop(podKey: key, graceful: true) }
        running = [:]
    }
}

/// One node's kubelet state: its pod CIDR allocations.
struct NodeAgentState {
    let node: Node
    var usedIPs: Set<String>

    var hostIP: String {
        node.status.addresses?.first { $0.type == "InternalIP" }?.address ?? "192.168.49.2"
    }

    mutating func allocateIP() -> String? {
        guard let ip = PodIPAllocator.next(podCIDR: node.spec.podCIDR ?? "10.244.0.0/24", used: usedIPs) else {
            return nil
        }
        usedIPs.insert(ip)
        return ip
    }

    mutating func releaseIP(_ ip: String) { usedIPs.remove(ip) }
}
