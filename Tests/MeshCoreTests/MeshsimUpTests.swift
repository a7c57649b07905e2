import Testing

@testable import MeshCore

/// `meshsim up` end to end with every planner: bootstrap → Deployment → ReplicaSet → pods →
/// injection → scheduling → kubelet stages → `kubectl get pods -A`.
@Suite(.timeLimit(.minutes(1))) struct MeshsimUpTests {
    struct Cluster {
        var objects: BootstrapObjects
        var replicaSets: [ReplicaSet] = []
        var pods: [Pod]
        var nodes: [SchedulerNodeInfo]
        var usedIPs: [String: Set<String>] = [:]
        var generator = SeededGenerator(seed: 11)
        var now = Fixture.t0

        init(istio: IstioInstall?, nodes count: Int = 2) {
            var parameters = ClusterBootstrap.Parameters()
            parameters.nodes = count
            parameters.now = Fixture.t0
            var generator = SeededGenerator(seed: 10)
            let built = ClusterBootstrap(parameters: parameters).objects(istio: istio, using: &generator)
            objects = built
            pods = built.pods
            nodes = built.nodes.map { node in
                SchedulerNodeInfo(node: node, pods: built.pods.filter { $0.spec.nodeName == node.metadata.name })
            }
        }

        mutating func step() {
            now += 1
            for index in objects.deployments.indices {
                let d = objects.deployments[index]
                let mine = replicaSets.filter { $0.metadata.controllerRef?.uid == d.metadata.uid }
                let plan = DeploymentPlanner().plan(deployment: d, replicaSets: mine, now: now)
                objects.deployments[index] = plan.deployment
                replicaSets.removeAll { $0.metadata.controllerRef?.uid == d.metadata.uid }
                replicaSets += plan.replicaSets.map { rs in
                    var rs = rs
                    rs.metadata.uid = rs.metadata.uid ?? ClusterBootstrap.uid("rs/\(rs.metadata.nameOrEmpty)")
                    return rs
                }
            }
            for index in replicaSets.indices {
                let rs = replicaSets[index]
                let owned = pods.filter { $0.metadata.controllerRef?.uid == rs.metadata.uid }
                let plan = ReplicaSetPlanner().plan(
                    replicaSet: rs, pods: owned, expectationsSatisfied: true, now: now, using: &generator)
                for var pod in plan.podsToCreate {
                    pod.metadata.uid = ClusterBootstrap.uid("pod/\(pod.metadata.nameOrEmpty)")
                    let namespace = objects.namespaces.first { $0.metadata.name == pod.metadata.namespace }!
                    pods.append(SidecarInjector().admit(pod, namespace: namespace))
                }
                replicaSets[index].status = plan.status
            }
            for index in pods.indices {
                var pod = pods[index]
                if pod.spec.nodeName == nil {
                    guard case .bind(let name) = Scheduler().schedule(pod, nodes: nodes, using: &generator) else {
                        continue
                    }
                    pod.spec.nodeName = name
                    pod.status = PodLifecycle.scheduled(pod, now: now)
                    nodes[nodes.firstIndex { $0.node.metadata.name == name }!].add(pod)
                } else if let node = objects.nodes.first(where: { $0.metadata.name == pod.spec.nodeName }) {
                    let nodeIP = node.status.addresses?.first?.address ?? ""
                    let cidr = node.spec.podCIDR ?? ""
                    let ip =
                        pod.status?.podIP
                        ?? (pod.spec.hostNetwork == true
                            ? nodeIP : PodIPAllocator.next(podCIDR: cidr, used: usedIPs[cidr] ?? []))
                    if let ip, pod.spec.hostNetwork != true { usedIPs[cidr, default: []].insert(ip) }
                    if let ip,
                        let status = PodLifecycle.advance(pod, placement: .init(hostIP: nodeIP, podIP: ip), now: now)
                    {
                        pod.status = status
                    }
                }
                pods[index] = pod
            }
        }

        func table() -> String {
            let sorted = pods.sorted {
                ($0.metadata.namespace ?? "", $0.metadata.nameOrEmpty) < (
                    $1.metadata.namespace ?? "", $1.metadata.nameOrEmpty
                )
            }
            return TableRenderer.render(
                PodPrinter.table(sorted, now: now).withNamespaces(sorted.map { $0.metadata.namespace ?? "" }))
        }
    }

    @Test(arguments: IstioInstall.Profile.allCases)
    func everyPodRunsAndEveryDeploymentRollsOut(_ profile: IstioInstall.Profile) throws {
        var cluster = Cluster(istio: IstioInstall(profile: profile))
        for _ in 0..<12 { cluster.step() }
        let rows = PodPrinter.table(cluster.pods, now: cluster.now).rows
        #expect(rows.allSatisfy { $0[2] == "Running" }, "\(cluster.table())")
        #expect(
            rows.allSatisfy { row in
                row[1].split(separator: "/").count == 2
                    && row[1].split(separator: "/")[0] == row[1].split(separator: "/")[1]
            })
        for d in cluster.objects.deployments {
            #expect(
                RolloutStatus.message(for: d).text == "deployment \"\(d.metadata.nameOrEmpty)\" successfully rolled out"
            )
        }
        let pilot = rows.first { $0[0].hasPrefix("istio-pilot-") }
        if profile == .legacy { #expect(pilot?[1] == "2/2") }
        #expect(rows.contains { $0[0].hasPrefix("coredns-") })
        let podIPs = cluster.pods.filter { $0.spec.hostNetwork != true }.compactMap(\.status?.podIP)
        #expect(Set(podIPs).count == podIPs.count)
    }

    @Test func injectedWorkloadShowsTwoOfTwo() throws {
        var cluster = Cluster(istio: IstioInstall(profile: .demo))
        cluster.objects.namespaces[0].metadata.labels?["istio-injection"] = "enabled"
        var reviews = ClusterBootstrap.deployment(
            "reviews-v1", namespace: "default", labels: ["app": "reviews", "version": "v1"], replicas: 2,
            containers: [
                Container(
                    name: "reviews", image: "docker.io/istio/examples-bookinfo-reviews-v1:1.20.2",
                    ports: [ContainerPort(containerPort: 9080)])
            ], now: Fixture.t0)
        reviews.metadata.uid = "reviews-uid"
        cluster.objects.deployments.append(reviews)
        var statuses: [String] = []
        for _ in 0..<10 {
            cluster.step()
            let row = PodPrinter.table(
                cluster.pods.filter { $0.metadata.name?.hasPrefix("reviews-v1-") == true }, now: cluster.now
            ).rows.first
            if let row, statuses.last != "\(row[1]) \(row[2])" { statuses.append("\(row[1]) \(row[2])") }
        }
        #expect(statuses == ["0/2 Pending", "0/2 Init:0/1", "0/2 PodInitializing", "1/2 Running", "2/2 Running"])
        let service = ClusterBootstrap.service(
            "reviews", namespace: "default", labels: ["app": "reviews"], selector: ["app": "reviews"],
            ports: [("http", 9080, 9080, "TCP")], now: Fixture.t0)
        let endpoints = try #require(EndpointsPlanner.endpoints(for: service, pods: cluster.pods))
        #expect(endpoints.subsets?.first?.addresses?.count == 2)
    }
}
