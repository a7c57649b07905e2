import MeshControlPlane
import MeshCore
import MeshStore
import MeshTesting
import Testing

/// kube-apiserver's `--event-ttl`: events go an hour after they were last touched.
@Suite("Event TTL", .timeLimit(.minutes(1)))
struct EventTTLTests {
    static func event(_ name: String, at seconds: Double) -> Event {
        Event(
            metadata: ObjectMeta(name: name, namespace: "default"),
            involvedObject: ObjectReference(kind: "Pod", namespace: "default", name: "p", uid: "u"),
            reason: "Started", message: "Started container c", type: "Normal", timestamp: Timestamp.format(seconds),
            component: "kubelet")
    }

    @Test(arguments: [false, true])
    func eventsOlderThanAnHourAreDeleted(withDatabase: Bool) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = withDatabase ? try ClusterStore(path: directory.path + "/meshsim.sqlite") : nil
        let cluster = try await TestCluster(istioProfile: nil, database: database)
        let now = cluster.clock.now()
        try await cluster.store.write([
            .create(AnyResource(Self.event("old.1", at: now - 3_601))),
            .create(AnyResource(Self.event("young.1", at: now - 3_599))),
        ])
        let collector = EventTTLCollector(store: cluster.store, clock: cluster.clock)
        #expect(await collector.sweep() >= 1)
        let names = await cluster.store.list(Event.self, namespace: "default").map(\.metadata.nameOrEmpty)
        #expect(!names.contains("old.1"))
        #expect(names.contains("young.1"))
        cluster.clock.advance(by: 2)
        await collector.sweep()
        #expect(await cluster.store.get(Event.self, namespace: "default", name: "young.1") == nil)
        await cluster.stop()
    }
}
