import MeshControlPlane
import MeshCore
import MeshStore
import MeshTesting
import Testing

@Suite("Controllers converge like Kubernetes", .timeLimit(.minutes(1)))
struct ConvergenceTests {
    static func runningPods(_ store: ObjectStore, prefix: String) async -> [Pod] {
        await store.list(Pod.self, namespace: "default").filter {
            $0.metadata.nameOrEmpty.hasPrefix(prefix) && $0.phase == "Running" && $0.isReady && !$0.isTerminating
        }
    }

    @Test func bootstrapBringsUpSystemAndIstioPods() async throws {
        let cluster = try await TestCluster()
        await cluster.waitUntil { store in
            let pods = await store.list(Pod.self, namespace: "istio-system")
            return pods.count == 3 && pods.allSatisfy { $0.phase == "Running" }
        }
        let names = await cluster.store.list(Pod.self, namespace: "istio-system").map(\.metadata.nameOrEmpty)
        #expect(names.contains { $0.hasPrefix("istiod-") })
        #expect(names.contains { $0.hasPrefix("istio-ingressgateway-") })
        await cluster.stop()
    }

    /// A cluster without Istio where Deployment `myapp-v1` (3 replicas) and Service `myapp` were just created.
    static func clusterWithMyapp() async throws -> TestCluster {
        let cluster = try await TestCluster(istioProfile: nil)
        try await cluster.store.write([
            .create(AnyResource(Fixtures.deployment("myapp-v1", replicas: 3))),
            .create(AnyResource(Fixtures.service("myapp"))),
        ])
        return cluster
    }

    @Test func deploymentBecomesReplicaSetBecomesRunningPods() async throws {
        let cluster = try await Self.clusterWithMyapp()
        await cluster.waitUntil { store in
            let deployment = await store.get(Deployment.self, namespace: "default", name: "myapp-v1")
            let endpoints = await store.get(Endpoints.self, namespace: "default", name: "myapp")
            return deployment?.status?.availableReplicas == 3 && endpoints?.subsets?.first?.addresses?.count == 3
        }
        let store = cluster.store
        let replicaSets = await store.list(ReplicaSet.self, namespace: "default")
        #expect(replicaSets.count == 1)
        let rs = try #require(replicaSets.first)
        let hash = try #require(rs.metadata.labels?["pod-template-hash"])
        #expect(rs.metadata.nameOrEmpty == "myapp-v1-\(hash)")
        #expect(rs.metadata.controllerRef?.kind == "Deployment")
        let pods = await Self.runningPods(store, prefix: "myapp-v1-\(hash)-")
        #expect(pods.count == 3)
        for pod in pods {
            #expect(pod.metadata.nameOrEmpty.count == "myapp-v1-\(hash)-".count + 5)
            #expect(pod.status?.podIP?.hasPrefix("10.244.0.") == true)
            #expect(pod.spec.nodeName == "meshsim")
        }
        #expect(Set(pods.compactMap(\.status?.podIP)).count == 3)
        let deployment = try #require(await store.get(Deployment.self, namespace: "default", name: "myapp-v1"))
        #expect(RolloutStatus.message(for: deployment).done)
        #expect(deployment.status?.conditions?.condition("Available")?.status == "True")
        await cluster.stop()
    }

    /// `rollout status` follows the Deployment; the Endpoints and the route table follow the
    /// same pods through other controllers. `settle()` returns only once those are done too.
    @Test func settleWaitsForEndpointsAndRoutesBehindARollout() async throws {
        let cluster = try await Self.clusterWithMyapp()
        await cluster.waitUntil { store in
            let deployment = await store.get(Deployment.self, namespace: "default", name: "myapp-v1")
            return deployment.map { RolloutStatus.message(for: $0).done } ?? false
        }
        let (revision, settled) = await cluster.controlPlane.settle()
        #expect(settled)
        let endpoints = await cluster.store.get(Endpoints.self, namespace: "default", name: "myapp")
        #expect(revision >= endpoints.flatMap { $0.metadata.resourceVersion.flatMap { Int($0) } } ?? .max)
        #expect(endpoints?.subsets?.first?.addresses?.count == 3)
        let latest = try #require(await cluster.controlPlane.routes.latest)
        let routed = latest.snapshot.endpoints.first { $0.service == "myapp" }
        #expect(routed?.endpoints.count == 3)
        await cluster.stop()
    }

    @Test func scalingDownRemovesPodsAndDeletionCascades() async throws {
        let cluster = try await TestCluster(istioProfile: nil)
        let store = cluster.store
        try await store.write([.create(AnyResource(Fixtures.deployment("web", replicas: 4)))])
        await cluster.waitUntil { await Self.runningPods($0, prefix: "web-").count == 4 }
        var deployment = try #require(await store.get(Deployment.self, namespace: "default", name: "web"))
        deployment.spec.replicas = 1
        deployment.metadata.resourceVersion = nil
        try await store.write([.update(AnyResource(deployment))])
        await cluster.waitUntil { await $0.list(Pod.self, namespace: "default").count == 1 }
        #expect(await Self.runningPods(store, prefix: "web-").count == 1)
        try await store.write([.delete(deployment.key, gracePeriodSeconds: nil)])
        await cluster.waitUntil { store in
            let replicaSets = await store.count(kind: "ReplicaSet")
            let pods = await store.list(Pod.self, namespace: "default").count
            return replicaSets == 1 && pods == 0
        }
        #expect(await store.list(ReplicaSet.self, namespace: "default").isEmpty)
        await cluster.stop()
    }

    @Test func templateChangeRollsToANewReplicaSet() async throws {
        let cluster = try await TestCluster(istioProfile: nil)
        let store = cluster.store
        try await store.write([.create(AnyResource(Fixtures.deployment("app", replicas: 3)))])
        await cluster.waitUntil { await Self.runningPods($0, prefix: "app-").count == 3 }
        var deployment = try #require(await store.get(Deployment.self, namespace: "default", name: "app"))
        deployment.spec.template.spec.containers[0].image = "janakiramm/myapp:v2"
        deployment.metadata.resourceVersion = nil
        try await store.write([.update(AnyResource(deployment))])
        await cluster.waitUntil { store in
            guard let current = await store.get(Deployment.self, namespace: "default", name: "app") else {
                return false
            }
            let podCount = await store.list(Pod.self, namespace: "default").count
            return RolloutStatus.message(for: current).done && (current.status?.updatedReplicas ?? 0) == 3
                && podCount == 3
        }
        let replicaSets = await store.list(ReplicaSet.self, namespace: "default")
        #expect(replicaSets.count == 2)
        let newRS = try #require(
            replicaSets.first { $0.spec.template.spec.containers[0].image == "janakiramm/myapp:v2" })
        let oldRS = try #require(
            replicaSets.first { $0.spec.template.spec.containers[0].image == "janakiramm/myapp:v1" })
        #expect(newRS.spec.replicas == 3)
        #expect(oldRS.spec.replicas == 0)
        #expect(newRS.metadata.annotations?["deployment.kubernetes.io/revision"] == "2")
        let pods = await store.list(Pod.self, namespace: "default")
        #expect(pods.allSatisfy { $0.metadata.controllerRef?.uid == newRS.metadata.uid })
        await cluster.stop()
    }

    @Test func injectionFollowsTheNamespaceLabel() async throws {
        let cluster = try await TestCluster()
        let store = cluster.store
        var namespace = try #require(await store.get(Namespace.self, name: "default"))
        namespace.metadata.labels = (namespace.metadata.labels ?? [:]).merging(["istio-injection": "enabled"]) { $1 }
        namespace.metadata.resourceVersion = nil
        try await store.write([.update(AnyResource(namespace))])
        try await store.write([.create(AnyResource(Fixtures.deployment("meshed", replicas: 1)))])
        await cluster.waitUntil { await Self.runningPods($0, prefix: "meshed-").count == 1 }
        let pod = try #require(await Self.runningPods(store, prefix: "meshed-").first)
        #expect(pod.spec.containers.map(\.name) == ["myapp", "istio-proxy"])
        #expect(pod.spec.initContainers?.map(\.name) == ["istio-init"])
        #expect(pod.metadata.annotations?["sidecar.istio.io/status"] != nil)
        #expect(PodPrinter.row(pod, now: cluster.clock.now())[1] == "2/2")
        await cluster.stop()
    }

    @Test func unschedulablePodStaysPendingWithFailedScheduling() async throws {
        let cluster = try await TestCluster(istioProfile: nil)
        let store = cluster.store
        var deployment = Fixtures.deployment("picky", replicas: 1)
        deployment.spec.template.spec.nodeSelector = ["disktype": "ssd"]
        try await store.write([.create(AnyResource(deployment))])
        await cluster.waitUntil { store in
            await store.list(Event.self, namespace: "default").contains { $0.reason == "FailedScheduling" }
        }
        let pod = try #require(await store.list(Pod.self, namespace: "default").first)
        #expect(pod.phase == "Pending")
        #expect(pod.spec.nodeName == nil)
        let event = try #require(
            await store.list(Event.self, namespace: "default").first { $0.reason == "FailedScheduling" })
        #expect(
            event.message?.hasPrefix("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.")
                == true)
        await cluster.stop()
    }
}
