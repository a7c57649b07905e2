import Testing

@testable import MeshCore

@Suite(.timeLimit(.minutes(1))) struct SchedulerTests {
    static func nodes(_ count: Int, cpus: Int = 2) -> [Node] {
        var parameters = ClusterBootstrap.Parameters()
        parameters.nodes = count
        parameters.cpus = cpus
        return ClusterBootstrap(parameters: parameters).nodes()
    }

    static func pod(
        cpu: String? = nil, memory: String? = nil, selector: [String: String]? = nil, tolerations: [JSONValue]? = nil
    ) -> Pod {
        var container = Container(name: "app", image: "nginx")
        var requests: [String: String] = [:]
        requests["cpu"] = cpu
        requests["memory"] = memory
        if !requests.isEmpty { container.resources = ResourceRequirements(requests: requests) }
        var spec = PodSpec(containers: [container])
        spec.nodeSelector = selector
        spec.tolerations = tolerations
        return Pod(metadata: ObjectMeta(name: "p", namespace: "default"), spec: spec)
    }

    @Test func picksTheLeastAllocatedNode() {
        let nodes = Self.nodes(3)
        let infos = [
            SchedulerNodeInfo(node: nodes[0], pods: [Self.pod(cpu: "1")]),
            SchedulerNodeInfo(node: nodes[1], pods: [Self.pod(cpu: "500m")]),
            SchedulerNodeInfo(node: nodes[2], pods: [Self.pod(cpu: "1500m")]),
        ]
        #expect(Scheduler().schedule(Self.pod(cpu: "100m"), nodes: infos) == .bind("meshsim-m02"))
    }

    @Test func tiesAreDeterministic() {
        let infos = Self.nodes(3).map { SchedulerNodeInfo(node: $0) }
        #expect(Scheduler().schedule(Self.pod(), nodes: infos.reversed()) == .bind("meshsim"))
        var a = SeededGenerator(seed: 9)
        var b = SeededGenerator(seed: 9)
        #expect(
            Scheduler().schedule(Self.pod(), nodes: infos, using: &a)
                == Scheduler().schedule(Self.pod(), nodes: infos, using: &b))
    }

    @Test func spreadsPodsAcrossNodes() {
        var infos = Self.nodes(3).map { SchedulerNodeInfo(node: $0) }
        var counts: [String: Int] = [:]
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<30 {
            let pod = Self.pod(cpu: "50m", memory: "64Mi")
            guard case .bind(let name) = Scheduler().schedule(pod, nodes: infos, using: &generator) else {
                Issue.record("unschedulable"); return
            }
            counts[name, default: 0] += 1
            infos[infos.firstIndex { $0.node.metadata.name == name }!].add(pod)
        }
        #expect(counts.values.allSatisfy { $0 == 10 })
    }

    @Test func failureMessageMatchesKubeScheduler() {
        var nodes = Self.nodes(3)
        nodes[0].metadata.labels?["disk"] = "ssd"
        let infos = [
            SchedulerNodeInfo(node: nodes[0], pods: [Self.pod(cpu: "1800m")]),
            SchedulerNodeInfo(node: nodes[1], pods: [Self.pod(cpu: "1800m")]),
            SchedulerNodeInfo(node: nodes[2]),
        ]
        var pod = Self.pod(cpu: "500m")
        pod.spec.nodeSelector = nil
        #expect(Scheduler().schedule(pod, nodes: infos) == .bind("meshsim-m03"))
        pod.spec.nodeSelector = ["disk": "ssd"]
        #expect(
            Scheduler().schedule(pod, nodes: infos)
                == .unschedulable(
                    "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. "
                        + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, "
                        + "2 Preemption is not helpful for scheduling.."))
    }

    @Test func taintsNotReadyAndUnschedulable() {
        var nodes = Self.nodes(3)
        nodes[0].spec.taints = [Taint(key: "dedicated", value: "infra", effect: "NoSchedule")]
        nodes[1].status.conditions?[3].status = "False"
        nodes[2].spec.unschedulable = true
        let infos = nodes.map { SchedulerNodeInfo(node: $0) }
        #expect(
            Scheduler().schedule(Self.pod(), nodes: infos)
                == .unschedulable(
                    "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: infra}, "
                        + "1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable. "
                        + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.."))
        let tolerant = Self.pod(tolerations: [
            .object([
                "key": .string("dedicated"), "operator": .string("Equal"),
                "value": .string("infra"), "effect": .string("NoSchedule"),
            ])
        ])
        #expect(Scheduler().schedule(tolerant, nodes: infos) == .bind("meshsim"))
        let everything = Self.pod(tolerations: [.object(["operator": .string("Exists")])])
        #expect(Scheduler().schedule(everything, nodes: Array(infos.dropFirst())) == .bind("meshsim-m02"))
    }

    @Test func podCapacityAndMemory() {
        var node = Self.nodes(1)[0]
        node.status.allocatable?["pods"] = "2"
        let full = SchedulerNodeInfo(node: node, pods: [Self.pod(), Self.pod()])
        #expect(
            Scheduler().schedule(Self.pod(memory: "16Gi"), nodes: [full])
                == .unschedulable(
                    "0/1 nodes are available: 1 Insufficient memory, 1 Too many pods. "
                        + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.."))
        #expect(Scheduler().schedule(Self.pod(), nodes: []) == .unschedulable("no nodes available to schedule pods"))
    }

    @Test func requestsCountInitContainersByMax() {
        var spec = PodSpec(containers: [Container(name: "a", image: nil), Container(name: "b", image: nil)])
        spec.containers[0].resources = ResourceRequirements(requests: ["cpu": "100m", "memory": "64Mi"])
        spec.containers[1].resources = ResourceRequirements(requests: ["cpu": "200m"])
        var initContainer = Container(name: "init", image: nil)
        initContainer.resources = ResourceRequirements(requests: ["cpu": "1", "memory": "1Mi"])
        spec.initContainers = [initContainer]
        let request = PodResourceRequest(spec)
        #expect(request.milliCPU == 1000)
        #expect(request.memory == 64 * 1024 * 1024)
        #expect(request.nonZeroMemory == 264 * 1024 * 1024)
    }

    static let quantities: [(String, Int64)] = [
        ("100m", 100), ("0.5", 500), ("2", 2000), ("128Mi", 134_217_728_000), ("1Gi", 1_073_741_824_000),
        ("1G", 1_000_000_000_000), ("8192", 8_192_000), ("8192Mi", 8_589_934_592_000), ("1e3", 1_000_000),
        ("1500k", 1_500_000_000),
    ]

    @Test(arguments: quantities)
    func quantityParsing(text: String, milli: Int64) {
        #expect(Quantity(text)?.milliValue == milli)
    }

    @Test func malformedQuantities() {
        #expect(Quantity("abc") == nil)
        #expect(Quantity("") == nil)
        #expect(Quantity("1Xi") == nil)
        #expect(Quantity("250m")?.value == 1)
    }
}
