import Foundation
import MeshCore
import MeshStore
import MeshTesting
import Testing

@Suite("ObjectStore on a real SQLite file", .timeLimit(.minutes(1)))
struct ObjectStoreTests {
    /// Creates namespace `default` and an unbound pod `p` running nginx in it.
    private static func createPod(in store: ObjectStore) async throws -> Pod {
        try await store.write([.create(AnyResource(Fixtures.namespace("default")))])
        let pod = Pod(
            metadata: ObjectMeta(name: "p", namespace: "default"),
            spec: PodSpec(containers: [Container(name: "c", image: "nginx")]))
        try await store.write([.create(AnyResource(pod))])
        return pod
    }

    private func makeStore(_ directory: TemporaryDirectory) throws -> (ClusterStore, ObjectStore) {
        let database = try ClusterStore(path: directory.path + "/meshsim.sqlite")
        let store = try ObjectStore(database: database, clock: ManualClock(), seed: 1)
        return (database, store)
    }

    @Test func createAssignsIdentityAndRevision() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, store) = try makeStore(directory)
        let results = try await store.write([.create(AnyResource(Fixtures.namespace("default")))])
        let created = try #require(results.first?.object)
        #expect(results.first?.outcome == .created)
        #expect(created.metadata.uid?.count == 36)
        #expect(created.metadata.resourceVersion == "1")
        #expect(created.metadata.generation == 1)
        #expect(await store.revision == 1)
    }

    @Test func createTwiceIsAlreadyExists() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, store) = try makeStore(directory)
        try await store.write([.create(AnyResource(Fixtures.namespace("default")))])
        await #expect(throws: StoreError.self) {
            try await store.write([.create(AnyResource(Fixtures.namespace("default")))])
        }
        do {
            try await store.write([.create(AnyResource(Fixtures.namespace("default")))])
        } catch {
            #expect(error.reason == .alreadyExists)
            #expect(error.message == "namespaces \"default\" already exists")
        }
    }

    @Test func applyReportsCreatedConfiguredUnchangedAndBumpsGenerationOnSpecOnly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, store) = try makeStore(directory)
        try await store.write([.create(AnyResource(Fixtures.namespace("default")))])
        var deployment = Fixtures.deployment("myapp-v1")
        #expect(try await store.write([.apply(AnyResource(deployment))]).first?.outcome == .created)
        #expect(try await store.write([.apply(AnyResource(deployment))]).first?.outcome == .unchanged)
        deployment.spec.replicas = 3
        let configured = try await store.write([.apply(AnyResource(deployment))]).first
        #expect(configured?.outcome == .configured)
        #expect(configured?.object.metadata.generation == 2)
        deployment.metadata.labels = ["team": "a"]
        let relabeled = try await store.write([.apply(AnyResource(deployment))]).first
        #expect(relabeled?.outcome == .configured)
        #expect(relabeled?.object.metadata.generation == 2)
    }

    @Test func staleResourceVersionIsConflict() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, store) = try makeStore(directory)
        let created = try await store.write([.create(AnyResource(Fixtures.namespace("team")))])[0].object
        var first = created
        first.metadata.labels = ["a": "1"]
        try await store.write([.update(first)])
        var stale = created
        stale.metadata.labels = ["a": "2"]
        do {
            try await store.write([.update(stale)])
            Issue.record("a stale update must fail")
        } catch {
            #expect(error.reason == .conflict)
            #expect(error.httpStatus == 409)
        }
    }

    @Test func aFailingBatchStoresNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, store) = try makeStore(directory)
        try await store.write([.create(AnyResource(Fixtures.namespace("default")))])
        let before = await store.revision
        await #expect(throws: StoreError.self) {
            try await store.write([
                .create(AnyResource(Fixtures.deployment("a"))),
                .create(AnyResource(Fixtures.namespace("default"))),
            ])
        }
        #expect(await store.revision == before)
        #expect(await store.get(Deployment.self, namespace: "default", name: "a") == nil)
        let reopened = try ObjectStore(database: database, seed: 2)
        #expect(await reopened.count(kind: "Deployment") == 0)
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func stateSurvivesReopeningTheFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, store) = try makeStore(directory)
        try await store.write([.create(AnyResource(Fixtures.namespace("default")))])
        let created = try await store.write([.create(AnyResource(Fixtures.deployment("myapp-v1")))])[0].object
        let database = try ClusterStore(path: directory.path + "/meshsim.sqlite")
        let reopened = try ObjectStore(database: database, seed: 9)
        let loaded = try #require(await reopened.get(Deployment.self, namespace: "default", name: "myapp-v1"))
        #expect(loaded.metadata.uid == created.metadata.uid)
        #expect(await reopened.revision == 2)
        #expect(try database.changes(after: 0).map(\.type) == [.added, .added])
    }

    @Test func watchDeliversChangesInRevisionOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, store) = try makeStore(directory)
        let events = store.watch(kinds: ["Namespace"])
        for name in ["a", "b", "c"] { try await store.write([.create(AnyResource(Fixtures.namespace(name)))]) }
        try await store.write([.delete(ObjectKey(kind: "Namespace", namespace: "", name: "b"), gracePeriodSeconds: nil)]
        )
        var seen: [(String, String)] = []
        for await event in events {
            seen.append((event.type.rawValue, event.object.metadata.nameOrEmpty))
            if seen.count == 4 { break }
        }
        #expect(seen.map(\.0) == ["ADDED", "ADDED", "ADDED", "DELETED"])
        #expect(seen.map(\.1) == ["a", "b", "c", "b"])
    }

    /// Group commit: concurrent writers are all durable when they return, and watchers see every
    /// revision once, in order.
    @Test func concurrentWritesAreDurableAndBroadcastInRevisionOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, store) = try makeStore(directory)
        let events = store.watch(kinds: ["Namespace"])
        await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<60 {
                group.addTask { try await store.write([.create(AnyResource(Fixtures.namespace("ns-\(index)")))]) }
            }
        }
        #expect(try database.loadAll().objects.count == 60)
        let reopened = try ObjectStore(database: database, seed: 3)
        #expect(await reopened.count(kind: "Namespace") == 60)
        var revisions: [Int] = []
        for await event in events {
            revisions.append(event.revision)
            if revisions.count == 60 { break }
        }
        #expect(revisions == Array(1...60))
    }

    /// Events are served from SQLite, not the cache: reads, counts and describe's
    /// `involvedObject.uid` filter all see them, and so does a reopened store.
    @Test func eventsLiveInSQLiteAndFilterThere() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, store) = try makeStore(directory)
        try await store.write([.create(AnyResource(Fixtures.namespace("default")))])
        func event(_ name: String, uid: String) -> Event {
            Event(
                metadata: ObjectMeta(name: name, namespace: "default"),
                involvedObject: ObjectReference(kind: "Pod", namespace: "default", name: "p-\(uid)", uid: uid),
                reason: "Started", message: "Started container c", type: "Normal", timestamp: "2026-11-24T00:00:00Z",
                component: "kubelet")
        }
        try await store.write([
            .create(AnyResource(event("a", uid: "u1"))), .create(AnyResource(event("b", uid: "u2"))),
        ])
        #expect(await store.count(kind: "Event") == 2)
        #expect(await store.get(Event.self, namespace: "default", name: "b")?.involvedObject.uid == "u2")
        let forU1 = await store.list(kind: "Event", namespace: "default", fieldEquals: ["involvedObject.uid": "u1"])
        #expect(forU1.map(\.metadata.name) == ["a"])
        await #expect(throws: StoreError.self) { try await store.write([.create(AnyResource(event("a", uid: "u3")))]) }
        try await store.write([
            .delete(ObjectKey(kind: "Event", namespace: "default", name: "a"), gracePeriodSeconds: nil)
        ])
        #expect(await store.list(Event.self).map(\.metadata.name) == ["b"])
        let reopened = try ObjectStore(database: database, seed: 5)
        #expect(await reopened.list(Event.self, namespace: "default").map(\.metadata.name) == ["b"])
    }

    /// A reader that drops its stream must not leave a buffer that keeps every later change.
    @Test func aDroppedWatchStopsBuffering() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, store) = try makeStore(directory)
        let kept = store.watch(kinds: ["Namespace"])
        func watchAndDrop() async { _ = store.watch(kinds: ["Namespace"]) }
        await watchAndDrop()
        #expect(await store.watcherCount >= 1)
        try await store.write([.create(AnyResource(Fixtures.namespace("a")))])
        #expect(await store.watcherCount == 1)
        var iterator = kept.makeAsyncIterator()
        #expect(await iterator.next()?.object.metadata.name == "a")
    }

    /// kube-apiserver's pod status strategy: `/status` keeps the spec but takes labels and annotations.
    @Test func podStatusUpdateKeepsSpecButTakesLabelsAndAnnotations() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, store) = try makeStore(directory)
        let pod = try await Self.createPod(in: store)
        var incoming = pod
        incoming.spec.containers[0].image = "httpd"
        incoming.metadata.annotations = ["meshsim.io/local-address": "127.0.0.1:4000"]
        incoming.metadata.labels = ["version": "v1"]
        incoming.status = PodStatus(phase: "Running")
        try await store.write([.updateStatus(AnyResource(incoming))])
        let stored = try #require(await store.get(Pod.self, namespace: "default", name: "p"))
        #expect(stored.spec.containers[0].image == "nginx")
        #expect(stored.status?.phase == "Running")
        #expect(stored.metadata.annotations?["meshsim.io/local-address"] == "127.0.0.1:4000")
        #expect(stored.metadata.labels == ["version": "v1"])
    }

    /// `pods/binding`: assigns the node and PodScheduled once; a second binding is a Conflict.
    @Test func bindingAssignsANodeOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, store) = try makeStore(directory)
        _ = try await Self.createPod(in: store)
        let key = ObjectKey(kind: "Pod", namespace: "default", name: "p")
        let scheduled = Condition(type: "PodScheduled", status: "True", lastTransitionTime: "2026-11-24T00:00:00Z")
        try await store.write([.bind(key, nodeName: "meshsim", condition: scheduled)])
        let bound = try #require(await store.get(Pod.self, namespace: "default", name: "p"))
        #expect(bound.spec.nodeName == "meshsim")
        #expect(bound.status?.conditions?.condition("PodScheduled")?.status == "True")
        await #expect(throws: StoreError.self) {
            try await store.write([.bind(key, nodeName: "meshsim-m02", condition: scheduled)])
        }
    }

    @Test func boundPodsAreDeletedGracefully() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, store) = try makeStore(directory)
        try await store.write([.create(AnyResource(Fixtures.namespace("default")))])
        var pod = Pod(
            metadata: ObjectMeta(name: "p", namespace: "default"),
            spec: PodSpec(containers: [Container(name: "c", image: "nginx")]))
        pod.spec.nodeName = "meshsim"
        try await store.write([.create(AnyResource(pod))])
        let key = ObjectKey(kind: "Pod", namespace: "default", name: "p")
        try await store.write([.delete(key, gracePeriodSeconds: nil)])
        #expect(await store.get(key)?.metadata.deletionTimestamp != nil)
        try await store.write([.delete(key, gracePeriodSeconds: 0)])
        #expect(await store.get(key) == nil)
    }
}

@Suite("JSONValue parsing", .timeLimit(.minutes(1)))
struct JSONValueParseTests {
    @Test func parseAgreesWithDecodable() throws {
        let text = #"{"a":true,"b":1,"c":1.5,"d":"x","e":null,"f":[false,2,"3"],"g":{"h":-7,"i":0}}"#
        let parsed = try JSONValue.parse(Data(text.utf8))
        let decoded = try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
        #expect(parsed == decoded)
        #expect(parsed["a"] == .bool(true))
        #expect(parsed["f"]?.arrayValue?.first == .bool(false))
        #expect(parsed["c"] == .double(1.5))
    }
}
