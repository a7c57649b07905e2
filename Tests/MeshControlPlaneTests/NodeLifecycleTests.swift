import MeshControlPlane
import MeshCore
import MeshStore
import MeshTesting
import Testing

/// A stopped node with the manual clock: pods NotReady at once, evicted when tolerations expire.
@Suite("Node lifecycle", .timeLimit(.minutes(1)))
struct NodeLifecycleTests {
    static let victim = "meshsim-m02"

    /// Two nodes, `spread` with 6 replicas behind Service `myapp`, all Running and in Endpoints.
    static func cluster(unreachableSeconds: Int = 300) async throws -> TestCluster {
        let cluster = try await TestCluster(
            nodes: 2, istioProfile: nil,
            defaultTolerationSeconds: DefaultTolerationSeconds(unreachableSeconds: unreachableSeconds))
        try await cluster.store.write([
            .create(AnyResource(Fixtures.deployment("spread", replicas: 6))),
            .create(AnyResource(Fixtures.service("myapp"))),
        ])
        await cluster.waitUntil { store in
            let running = await ConvergenceTests.runningPods(store, prefix: "spread-").count
            let ready = await Self.readyAddresses(store)
            return running == 6 && ready == 6
        }
        return cluster
    }

    static func readyAddresses(_ store: ObjectStore) async -> Int {
        await store.get(Endpoints.self, namespace: "default", name: "myapp")?.subsets?.first?.addresses?.count ?? 0
    }

    static func pods(_ store: ObjectStore, on node: String) async -> [Pod] {
        await store.list(Pod.self, namespace: "default").filter { $0.spec.nodeName == node }
    }

    static func stop(_ cluster: TestCluster) async throws -> NodeLifecycle.StopReport {
        let report = try await NodeLifecycle.stop(
            node: victim, store: cluster.store, kubelet: cluster.controlPlane.kubelet,
            events: cluster.controlPlane.events, now: cluster.clock.now())
        // Arms the timers now (the controller's own pass is idempotent), so advancing is deterministic.
        try await cluster.controlPlane.taintEviction.reconcile("node:\(victim)")
        return report
    }

    @Test func replicasSpreadAcrossNodesAndCarryDefaultTolerations() async throws {
        let cluster = try await Self.cluster()
        let pods = await cluster.store.list(Pod.self, namespace: "default")
        #expect(
            Dictionary(grouping: pods) { $0.spec.nodeName ?? "" }.mapValues(\.count) == ["meshsim": 3, Self.victim: 3])
        let tolerations = try #require(pods.first?.spec.tolerations)
        #expect(
            tolerations.map { Toleration(json: $0) } == [
                Toleration(
                    key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute",
                    tolerationSeconds: 300),
                Toleration(
                    key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute",
                    tolerationSeconds: 300),
            ])
        await cluster.stop()
    }

    @Test func podsGoNotReadyAtOnceAndAreEvictedWhenTheirTolerationExpires() async throws {
        let cluster = try await Self.cluster()
        let store = cluster.store
        let report = try await Self.stop(cluster)
        let mine = report.pods.filter { $0.key.namespace == "default" }
        #expect(mine.count == 3)
        #expect(mine.allSatisfy { $0.decision == .evict(at: report.now + 300) })
        #expect(report.lines.contains { $0.contains("evicted in 300s") })

        // At once: NotReady, out of Endpoints, still bound to the stopped node.
        await cluster.waitUntil { await Self.readyAddresses($0) == 3 }
        let stranded = await Self.pods(store, on: Self.victim)
        #expect(stranded.count == 3 && stranded.allSatisfy { !$0.isReady })
        let node = try #require(await store.get(Node.self, name: Self.victim))
        #expect(!node.isReady)
        #expect(
            node.spec.taints?.contains { $0.key == "node.kubernetes.io/unreachable" && $0.timeAdded != nil } == true)

        // One second short of the toleration: nothing is evicted.
        cluster.clock.advance(by: 299)
        try await cluster.controlPlane.taintEviction.reconcile("node:\(Self.victim)")
        #expect(await Self.pods(store, on: Self.victim).count == 3)
        #expect(await cluster.controlPlane.taintEviction.scheduled.keys.filter { $0.namespace == "default" }.count == 3)

        // The toleration runs out: evicted and replaced on the node that still works.
        cluster.clock.advance(by: 1)
        await cluster.waitUntil { store in
            let running = await ConvergenceTests.runningPods(store, prefix: "spread-")
            let stranded = await Self.pods(store, on: Self.victim)
            return running.count == 6 && running.allSatisfy { $0.spec.nodeName == "meshsim" } && stranded.isEmpty
        }
        let events = await store.list(Event.self, namespace: "default")
        #expect(
            events.contains {
                $0.reason == "TaintManagerEviction"
                    && $0.message?.hasPrefix("Marking for deletion Pod default/spread-") == true
            })
        await cluster.stop()
    }

    @Test func startingTheNodeBeforeExpiryCancelsTheEviction() async throws {
        let cluster = try await Self.cluster()
        let store = cluster.store
        _ = try await Self.stop(cluster)
        await cluster.waitUntil { await Self.readyAddresses($0) == 3 }
        cluster.clock.advance(by: 120)
        try await NodeLifecycle.start(
            node: Self.victim, store: store, events: cluster.controlPlane.events, now: cluster.clock.now())
        await cluster.waitUntil { store in
            let pods = await Self.pods(store, on: Self.victim)
            let ready = await Self.readyAddresses(store)
            return pods.count == 3 && pods.allSatisfy(\.isReady) && ready == 6
        }
        try await cluster.controlPlane.taintEviction.reconcile("node:\(Self.victim)")
        #expect(await cluster.controlPlane.taintEviction.scheduled.isEmpty)
        cluster.clock.advance(by: 600)
        #expect(await Self.pods(store, on: Self.victim).count == 3)
        await cluster.waitUntil { store in
            await store.list(Event.self, namespace: "default").contains {
                $0.message?.hasPrefix("Cancelling deletion of Pod default/spread-") == true
            }
        }
        await cluster.stop()
    }

    @Test func aZeroTolerationEvictsAtOnceAndAForeverTolerationNever() async throws {
        let cluster = try await Self.cluster(unreachableSeconds: 0)
        let store = cluster.store
        var forever = Fixtures.deployment("forever", app: "forever", replicas: 2)
        forever.spec.template.spec.tolerations = [
            .object([
                "key": .string("node.kubernetes.io/unreachable"), "operator": .string("Exists"),
                "effect": .string("NoExecute"),
            ])
        ]
        try await store.write([.create(AnyResource(forever))])
        await cluster.waitUntil { await ConvergenceTests.runningPods($0, prefix: "forever-").count == 2 }
        let report = try await Self.stop(cluster)
        #expect(report.lines.contains { $0.contains("evicted now (no toleration)") })
        let kept = report.pods.filter { $0.decision == .keep }.map(\.key.name)
        #expect(kept.allSatisfy { $0.hasPrefix("forever-") })
        await cluster.waitUntil { store in
            let running = await ConvergenceTests.runningPods(store, prefix: "spread-")
            return running.count == 6 && running.allSatisfy { $0.spec.nodeName == "meshsim" }
        }
        cluster.clock.advance(by: 86_400)
        let stayed = await Self.pods(store, on: Self.victim)
        #expect(stayed.map(\.metadata.nameOrEmpty).sorted() == kept.sorted())
        await cluster.stop()
    }

    @Test func aRestartedControlPlaneKeepsTheDeadlineFromTheTaint() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/meshsim.sqlite"
        let first = try await TestCluster(nodes: 2, istioProfile: nil, database: try ClusterStore(path: path))
        try await first.store.write([.create(AnyResource(Fixtures.deployment("spread", replicas: 4)))])
        await first.waitUntil { await ConvergenceTests.runningPods($0, prefix: "spread-").count == 4 }
        _ = try await NodeLifecycle.stop(
            node: Self.victim, store: first.store, kubelet: first.controlPlane.kubelet,
            events: first.controlPlane.events, now: first.clock.now())
        await first.stop()

        // Same start time on the new manual clock: 299 s later nothing is evicted, 300 s later it is.
        let second = try await TestCluster(nodes: 2, istioProfile: nil, database: try ClusterStore(path: path))
        try await second.controlPlane.taintEviction.reconcile("node:\(Self.victim)")
        #expect(await Self.pods(second.store, on: Self.victim).count == 2)
        second.clock.advance(by: 299)
        try await second.controlPlane.taintEviction.reconcile("node:\(Self.victim)")
        #expect(await Self.pods(second.store, on: Self.victim).count == 2)
        second.clock.advance(by: 1)
        await second.waitUntil { store in
            let running = await ConvergenceTests.runningPods(store, prefix: "spread-")
            let stranded = await Self.pods(store, on: Self.victim)
            return running.count == 4 && stranded.isEmpty
        }
        await second.stop()
    }
}
