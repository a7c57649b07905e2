import Testing

@testable import MeshCore

@Suite(.timeLimit(.minutes(1))) struct PodLifecycleTests {
    static let placement = PodLifecycle.Placement(hostIP: "192.168.49.2", podIP: "10.244.0.5")

    static func boundPod(injected: Bool) -> Pod {
        var pod = Pod(
            metadata: ObjectMeta(
                name: "reviews-v1-6b8d9c-abcde", namespace: "default", labels: ["app": "reviews", "version": "v1"]),
            spec: PodSpec(containers: [Container(name: "reviews", image: "istio/examples-bookinfo-reviews-v1:1.20.2")]),
            status: PodStatus(phase: "Pending"))
        pod.metadata.uid = "pod-uid"
        pod.metadata.creationTimestamp = Timestamp.format(Fixture.t0)
        if injected { pod = SidecarInjector().inject(pod) }
        pod.spec.nodeName = "meshsim"
        return pod
    }

    /// Walks the stages, printing kubectl's READY/STATUS after each.
    static func walk(_ pod: Pod) -> [String] {
        var pod = pod
        var seen: [String] = []
        var now = Fixture.t0
        while let status = PodLifecycle.advance(pod, placement: placement, now: now) {
            pod.status = status
            let row = PodPrinter.row(pod, now: now)
            seen.append("\(row[1]) \(row[2])")
            now += 1
            if seen.count > 10 { break }
        }
        return seen
    }

    @Test func injectedPodStages() {
        #expect(
            Self.walk(Self.boundPod(injected: true)) == [
                "0/2 Init:0/1", "0/2 PodInitializing", "1/2 Running", "2/2 Running",
            ])
    }

    @Test func plainPodStages() {
        #expect(Self.walk(Self.boundPod(injected: false)) == ["0/1 ContainerCreating", "1/1 Running"])
    }

    @Test func readyPodDetails() throws {
        var pod = Self.boundPod(injected: true)
        for _ in 0..<4 { pod.status = PodLifecycle.advance(pod, placement: Self.placement, now: Fixture.t0 + 3) }
        let status = try #require(pod.status)
        #expect(status.phase == "Running")
        #expect(
            status.podIP == "10.244.0.5" && status.podIPs == [PodIP(ip: "10.244.0.5")]
                && status.hostIP == "192.168.49.2")
        #expect(
            status.conditions?.map(\.type) == [
                "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled",
            ])
        #expect(status.conditions?.allSatisfy { $0.status == "True" } == true)
        #expect(status.qosClass == "Burstable")
        let proxy = try #require(status.containerStatuses?.last)
        #expect(proxy.containerID?.hasPrefix("containerd://") == true && proxy.containerID?.count == 13 + 64)
        #expect(
            status.containerStatuses?.first?.imageID.hasPrefix("docker.io/istio/examples-bookinfo-reviews-v1@sha256:")
                == true)
        #expect(status.initContainerStatuses?.first?.state?.terminated?.reason == "Completed")
        #expect(PodLifecycle.nextStage(pod) == nil)
    }

    @Test func crashLoopAndRestart() {
        var pod = Self.boundPod(injected: false)
        for _ in 0..<2 { pod.status = PodLifecycle.advance(pod, placement: Self.placement, now: Fixture.t0) }
        pod.status = PodLifecycle.crashed(pod, container: "reviews", exitCode: 1, now: Fixture.t0 + 10)
        #expect(Array(PodPrinter.row(pod, now: Fixture.t0 + 70)[1...3]) == ["0/1", "CrashLoopBackOff", "1 (60s ago)"])
        #expect(
            pod.status?.containerStatuses?[0].state?.waiting?.message
                == "back-off 10s restarting failed container=reviews pod=reviews-v1-6b8d9c-abcde_default(pod-uid)")
        #expect(PodLifecycle.nextStage(pod) == nil)
        pod.status = PodLifecycle.restarted(pod, container: "reviews", now: Fixture.t0 + 20)
        #expect(Array(PodPrinter.row(pod, now: Fixture.t0 + 400)[1...3]) == ["1/1", "Running", "1 (6m30s ago)"])
    }

    @Test func terminationAndNodeLoss() {
        var pod = Self.boundPod(injected: false)
        for _ in 0..<2 { pod.status = PodLifecycle.advance(pod, placement: Self.placement, now: Fixture.t0) }
        var deleting = pod
        deleting.metadata.deletionTimestamp = Timestamp.format(Fixture.t0 + 5)
        #expect(PodPrinter.row(deleting, now: Fixture.t0 + 6)[2] == "Terminating")
        #expect(PodLifecycle.nextStage(deleting) == nil)
        deleting.status = PodLifecycle.terminated(deleting, now: Fixture.t0 + 7)
        #expect(deleting.status?.phase == "Succeeded")
        #expect(PodPrinter.row(deleting, now: Fixture.t0 + 8)[1...2] == ["0/1", "Completed"])

        pod.status = PodLifecycle.nodeNotReady(pod, now: Fixture.t0 + 50)
        #expect(!pod.isReady)
        pod.status = PodLifecycle.evicted(pod, now: Fixture.t0 + 400)
        pod.metadata.deletionTimestamp = Timestamp.format(Fixture.t0 + 400)
        #expect(PodPrinter.row(pod, now: Fixture.t0 + 401)[2] == "Unknown")
        #expect(pod.status?.message == "Node meshsim which was running pod reviews-v1-6b8d9c-abcde is unresponsive")
    }

    static let qos: [([String: String]?, [String: String]?, String)] = [
        (nil, nil, "BestEffort"),
        (["cpu": "100m"], nil, "Burstable"),
        (["cpu": "1", "memory": "1Gi"], ["cpu": "1", "memory": "1Gi"], "Guaranteed"),
        (nil, ["cpu": "1", "memory": "1Gi"], "Guaranteed"),
        (["cpu": "500m", "memory": "1Gi"], ["cpu": "1", "memory": "1Gi"], "Burstable"),
    ]

    @Test(arguments: qos)
    func qosClass(requests: [String: String]?, limits: [String: String]?, expected: String) {
        var container = Container(name: "c", image: nil)
        container.resources = ResourceRequirements(requests: requests, limits: limits)
        #expect(QoSClass.of(PodSpec(containers: [container])) == expected)
    }

    @Test func ipAllocation() {
        #expect(PodIPAllocator.next(podCIDR: "10.244.1.0/24", used: []) == "10.244.1.2")
        #expect(PodIPAllocator.next(podCIDR: "10.244.1.0/24", used: ["10.244.1.2", "10.244.1.4"]) == "10.244.1.3")
        let full = Set((2...254).map { "10.244.0.\($0)" })
        #expect(PodIPAllocator.next(podCIDR: "10.244.0.0/24", used: full) == nil)
        var a = SeededGenerator(seed: 3)
        var b = SeededGenerator(seed: 3)
        let first = ClusterIPAllocator.next(used: [], using: &a)
        #expect(first == ClusterIPAllocator.next(used: [], using: &b))
        #expect(first?.hasPrefix("10.") == true)
        #expect(
            ClusterIPAllocator.address(1) == "10.96.0.1"
                && ClusterIPAllocator.address((1 << 20) - 1) == "10.111.255.255")
        var c = SeededGenerator(seed: 3)
        let taken = ClusterIPAllocator.next(used: [first!], using: &c)
        #expect(taken != first && taken != nil)
    }
}

@Suite(.timeLimit(.minutes(1))) struct SchedulingStatusTests {
    @Test func unschedulableThenScheduled() throws {
        var pod = PodLifecycleTests.boundPod(injected: false)
        pod.spec.nodeName = nil
        pod.status = PodLifecycle.unschedulable(
            pod, message: "0/1 nodes are available: 1 Insufficient cpu.", now: Fixture.t0)
        let condition = try #require(pod.status?.conditions?.condition("PodScheduled"))
        #expect(condition.status == "False" && condition.reason == "Unschedulable")
        #expect(PodPrinter.row(pod, now: Fixture.t0)[2] == "Pending")
        #expect(PodLifecycle.nextStage(pod) == nil)
        pod.spec.nodeName = "meshsim"
        pod.status = PodLifecycle.scheduled(pod, now: Fixture.t0 + 1)
        #expect(pod.status?.conditions?.condition("PodScheduled")?.status == "True")
        #expect(PodLifecycle.nextStage(pod) == .containerCreating)
    }

    @Test func hostNetworkPlacementUsesNodeIP() {
        var pod = PodLifecycleTests.boundPod(injected: false)
        pod.spec.hostNetwork = true
        #expect(PodLifecycle.placement(for: pod, nodeIP: "192.168.49.2") { nil }?.podIP == "192.168.49.2")
        pod.spec.hostNetwork = nil
        #expect(PodLifecycle.placement(for: pod, nodeIP: "192.168.49.2") { "10.244.0.2" }?.podIP == "10.244.0.2")
    }

    @Test func nodePorts() {
        var a = SeededGenerator(seed: 4)
        let port = NodePortAllocator.next(used: [], using: &a)
        #expect(port.map(NodePortAllocator.range.contains) == true)
        var b = SeededGenerator(seed: 4)
        #expect(NodePortAllocator.next(used: [port!], using: &b) != port)
    }
}
