import Testing

@testable import MeshCore

/// PodTopologySpread, table style: replicas placed one by one as kube-scheduler would.
@Suite(.timeLimit(.minutes(1))) struct PodTopologySpreadTests {
    static let labels = ["app": "web", "pod-template-hash": "abc"]
    static let selector = LabelSelector(matchLabels: labels)

    static func nodes(_ count: Int, zones: [String]? = nil) -> [Node] {
        var nodes = SchedulerTests.nodes(count)
        if let zones {
            for index in nodes.indices {
                nodes[index].metadata.labels?[TopologySpreadConstraint.zoneKey] = zones[index]
            }
        }
        return nodes
    }

    static func replica(_ index: Int, cpu: String? = nil, constraints: [JSONValue]? = nil) -> Pod {
        var pod = SchedulerTests.pod(cpu: cpu)
        pod.metadata = ObjectMeta(name: "web-abc-\(index)", namespace: "default", labels: labels)
        pod.spec.topologySpreadConstraints = constraints
        return pod
    }

    static func constraint(_ key: String, maxSkew: Int = 1, when: String = "DoNotSchedule") -> JSONValue {
        .object([
            "maxSkew": .int(maxSkew), "topologyKey": .string(key), "whenUnsatisfiable": .string(when),
            "labelSelector": .object(["matchLabels": .object(labels.mapValues(JSONValue.string))]),
        ])
    }

    /// Places `count` replicas; returns pods per node, or the first failure.
    static func place(
        _ count: Int, on infos: inout [SchedulerNodeInfo], index: inout PodLabelIndex, defaultSelector: LabelSelector?,
        cpu: String? = nil, constraints: [JSONValue]? = nil
    ) -> Result<[String: Int], PlacementFailure> {
        var counts: [String: Int] = [:]
        for number in 0..<count {
            var pod = replica(number, cpu: cpu, constraints: constraints)
            let spread = PodTopologySpread(pod: pod, defaultSelector: defaultSelector, index: index)
            switch Scheduler().schedule(pod, nodes: infos, spread: spread) {
            case .bind(let name):
                pod.spec.nodeName = name
                infos[infos.firstIndex { $0.node.metadata.name == name }!].add(pod)
                index.add(pod)
                counts[name, default: 0] += 1
            case .unschedulable(let message):
                return .failure(PlacementFailure(message: message))
            }
        }
        return .success(counts)
    }

    struct PlacementFailure: Error, Equatable { var message: String }

    @Test func tenReplicasOnThreeEqualNodesSpreadFourThreeThree() throws {
        var infos = Self.nodes(3).map { SchedulerNodeInfo(node: $0) }
        var index = PodLabelIndex()
        let counts = try Self.place(10, on: &infos, index: &index, defaultSelector: Self.selector).get()
        #expect(counts.values.sorted() == [3, 3, 4])
    }

    @Test func defaultSpreadingOutweighsAFewFreeMillicores() throws {
        // The first node has a bit more room, so LeastAllocated alone would favour it for a while;
        // the default hostname constraint (weight 2) keeps the replicas apart.
        var nodes = Self.nodes(2)
        nodes[0].status.allocatable?["cpu"] = "4"
        var infos = nodes.map { SchedulerNodeInfo(node: $0) }
        var index = PodLabelIndex()
        let spread = try Self.place(6, on: &infos, index: &index, defaultSelector: Self.selector, cpu: "100m").get()
        #expect(spread == ["meshsim": 3, "meshsim-m02": 3])
        var plainInfos = nodes.map { SchedulerNodeInfo(node: $0) }
        var plainIndex = PodLabelIndex()
        let plain = try Self.place(6, on: &plainInfos, index: &plainIndex, defaultSelector: nil, cpu: "100m").get()
        #expect(plain["meshsim", default: 0] > 3)
    }

    @Test func doNotScheduleKeepsSkewEvenOnABusyNode() throws {
        let nodes = Self.nodes(3)
        var other = SchedulerTests.pod(cpu: "1500m")
        other.metadata = ObjectMeta(name: "busy", namespace: "default", labels: ["app": "other"])
        var infos = [
            SchedulerNodeInfo(node: nodes[0]), SchedulerNodeInfo(node: nodes[1]),
            SchedulerNodeInfo(node: nodes[2], pods: [other]),
        ]
        var index = PodLabelIndex()
        let counts = try Self.place(
            6, on: &infos, index: &index, defaultSelector: nil, cpu: "100m",
            constraints: [Self.constraint(TopologySpreadConstraint.hostnameKey)]
        ).get()
        #expect(counts == ["meshsim": 2, "meshsim-m02": 2, "meshsim-m03": 2])
    }

    @Test func unsatisfiableSkewReadsLikeKubeScheduler() {
        let nodes = Self.nodes(2)
        var hog = SchedulerTests.pod(cpu: "2")
        hog.metadata = ObjectMeta(name: "hog", namespace: "default")
        var infos = [SchedulerNodeInfo(node: nodes[0]), SchedulerNodeInfo(node: nodes[1], pods: [hog])]
        var index = PodLabelIndex()
        let result = Self.place(
            3, on: &infos, index: &index, defaultSelector: nil, cpu: "100m",
            constraints: [Self.constraint(TopologySpreadConstraint.hostnameKey)])
        #expect(
            result
                == .failure(
                    PlacementFailure(
                        message:
                            "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod topology spread constraints. "
                            + "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..")
                ))
    }

    @Test func missingTopologyLabelIsUnresolvable() {
        var infos = Self.nodes(2).map { SchedulerNodeInfo(node: $0) }
        var index = PodLabelIndex()
        let result = Self.place(
            1, on: &infos, index: &index, defaultSelector: nil,
            constraints: [Self.constraint(TopologySpreadConstraint.zoneKey)])
        #expect(
            result
                == .failure(
                    PlacementFailure(
                        message:
                            "0/2 nodes are available: 2 node(s) didn't match pod topology spread constraints (missing required label). "
                            + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..")))
    }

    @Test func scheduleAnywayZoneSpreadBalancesZones() throws {
        var infos = Self.nodes(3, zones: ["a", "a", "b"]).map { SchedulerNodeInfo(node: $0) }
        var index = PodLabelIndex()
        let counts = try Self.place(
            6, on: &infos, index: &index, defaultSelector: nil,
            constraints: [Self.constraint(TopologySpreadConstraint.zoneKey, when: "ScheduleAnyway")]
        ).get()
        #expect(counts["meshsim", default: 0] + counts["meshsim-m02", default: 0] == 3)
        #expect(counts["meshsim-m03"] == 3)
    }

    @Test func defaultSelectorMergesServicesAndTheReplicaSet() {
        var pod = Self.replica(0)
        pod.metadata.labels?["version"] = "v1"
        pod.metadata.ownerReferences = [
            OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-abc", uid: "u")
        ]
        let service = Service(
            metadata: ObjectMeta(name: "web", namespace: "default"),
            spec: ServiceSpec(selector: ["app": "web"], ports: nil))
        let other = Service(
            metadata: ObjectMeta(name: "db", namespace: "default"),
            spec: ServiceSpec(selector: ["app": "db"], ports: nil))
        let replicaSet = ReplicaSet(
            metadata: ObjectMeta(name: "web-abc", namespace: "default"),
            spec: ReplicaSetSpec(
                replicas: 1, selector: LabelSelector(matchLabels: ["app": "web", "version": "v1"]),
                template: PodTemplateSpec(metadata: nil, spec: pod.spec)))
        #expect(
            TopologySpreadConstraint.defaultSelector(for: pod, services: [service, other], replicaSets: [replicaSet])
                == LabelSelector(matchLabels: ["app": "web", "version": "v1"]))
        #expect(
            TopologySpreadConstraint.defaultSelector(for: Self.replica(1), services: [other], replicaSets: []) == nil)
    }

    @Test func indexCountsOnlyActiveBoundPodsOfTheNamespace() {
        var bound = Self.replica(0)
        bound.spec.nodeName = "meshsim"
        var elsewhere = Self.replica(1)
        elsewhere.metadata.namespace = "prod"
        elsewhere.spec.nodeName = "meshsim"
        var terminating = Self.replica(2)
        terminating.spec.nodeName = "meshsim"
        terminating.metadata.deletionTimestamp = "2026-11-24T00:00:00Z"
        var index = PodLabelIndex([bound, elsewhere, terminating, Self.replica(3)])
        #expect(index.counts(namespace: "default", selector: Self.selector) == ["meshsim": 1])
        #expect(index.counts(namespace: "default", selector: nil) == [:])
        index.remove(bound.key)
        #expect(index.counts(namespace: "default", selector: LabelSelector()) == [:])
        #expect(index.count == 1)
    }
}
