import Foundation
import Testing

@testable import MeshCore

/// Server-side apply's pure decisions: field sets, FieldsV1, ownership after updates and applies.
@Suite(.timeLimit(.minutes(1))) struct FieldManagerTests {
    static func json(_ text: String) -> JSONValue {
        (try? JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))) ?? .null
    }

    static func paths(_ set: FieldSet) -> [String] { set.paths.sorted().map(\.description) }

    static let deployment = json(
        """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"default","uid":"u1","resourceVersion":"7","labels":{"app":"web"},
                     "finalizers":["a"]},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"spec":{"containers":[{"name":"web","image":"nginx","command":["sleep","1"],
                                                    "ports":[{"containerPort":80}]}]}}},
         "status":{"replicas":1}}
        """)

    @Test(arguments: [
        (
            "built-in: keyed lists per item, atomic lists whole, bookkeeping and status left out", true,
            [
                ".metadata.finalizers[=\"a\"]", ".metadata.labels.app", ".spec.replicas", ".spec.selector",
                ".spec.template.spec.containers[name=\"web\"]",
                ".spec.template.spec.containers[name=\"web\"].command",
                ".spec.template.spec.containers[name=\"web\"].image",
                ".spec.template.spec.containers[name=\"web\"].name",
                ".spec.template.spec.containers[name=\"web\"].ports[containerPort=80]",
                ".spec.template.spec.containers[name=\"web\"].ports[containerPort=80].containerPort",
            ]
        ),
        (
            "custom resource: every list atomic", false,
            [
                ".metadata.finalizers", ".metadata.labels.app", ".spec.replicas", ".spec.selector.matchLabels.app",
                ".spec.template.spec.containers",
            ]
        ),
    ])
    func fieldSetOfAnObject(_ name: String, _ associative: Bool, _ expected: [String]) {
        #expect(Self.paths(FieldSet.of(Self.deployment, associativeLists: associative)) == expected, "\(name)")
    }

    @Test func fieldsV1RoundTripsAndMarksOwnedParents() throws {
        let set = FieldSet.of(Self.deployment, associativeLists: true)
        let encoded = set.fieldsV1
        #expect(FieldSet(fieldsV1: encoded) == set)
        let item = encoded["f:spec"]?["f:template"]?["f:spec"]?["f:containers"]?["k:{\"name\":\"web\"}"]
        #expect(item?["."] == .object([:]))
        #expect(item?["f:image"] == .object([:]))
        #expect(encoded["f:metadata"]?["f:finalizers"]?["v:\"a\""] == .object([:]))
        #expect(encoded["f:status"] == nil)
    }

    @Test(arguments: [
        (".spec.replicas", "{\"spec\":{\"replicas\":1,\"paused\":true}}", "{\"spec\":{\"paused\":true}}"),
        (
            ".spec.ports[port=80]", "{\"spec\":{\"ports\":[{\"port\":80},{\"port\":81}]}}",
            "{\"spec\":{\"ports\":[{\"port\":81}]}}"
        ),
        (
            ".metadata.finalizers[=\"a\"]", "{\"metadata\":{\"finalizers\":[\"a\",\"b\"]}}",
            "{\"metadata\":{\"finalizers\":[\"b\"]}}"
        ),
        (".spec.missing", "{\"spec\":{}}", "{\"spec\":{}}"),
    ])
    func removingAPath(_ path: String, _ before: String, _ after: String) {
        let set = FieldSet.of(Self.json(before), associativeLists: true).union(
            FieldSet.of(Self.json("{\"spec\":{\"missing\":1}}"), associativeLists: true))
        let target = set.paths.first { $0.description == path }
        #expect(target != nil, "\(path)")
        if let target { #expect(FieldSet.removing(target, from: Self.json(before)) == Self.json(after)) }
    }

    static func writer(_ manager: String) -> FieldManager.Writer {
        FieldManager.Writer(manager: manager, apiVersion: "apps/v1", time: "2026-11-24T00:00:00Z")
    }

    @Test func updatesMoveOwnershipWithoutConflicts() {
        let created = FieldManager.update(
            [], live: nil, updated: Self.deployment, by: Self.writer("kubectl-client-side-apply"),
            associativeLists: true)
        #expect(created.count == 1)
        #expect(created[0].operation == "Update")
        #expect(Self.paths(created[0].fields).contains(".spec.replicas"))

        var scaled = Self.deployment
        scaled["spec"]?["replicas"] = .int(5)
        let after = FieldManager.update(
            created, live: Self.deployment, updated: scaled, by: Self.writer("kubectl"), associativeLists: true)
        #expect(after.map(\.manager) == ["kubectl-client-side-apply", "kubectl"])
        #expect(!Self.paths(after[0].fields).contains(".spec.replicas"))
        #expect(Self.paths(after[1].fields) == [".spec.replicas"])

        let unchanged = FieldManager.update(
            after, live: scaled, updated: scaled, by: Self.writer("kubectl"), associativeLists: true)
        #expect(unchanged == after)
    }

    static func apply(
        _ entries: [ManagedFieldsEntry], live: JSONValue, config: String, manager: String = "kubectl",
        force: Bool = false
    ) -> Result<FieldManager.Applied, FieldManager.Conflicts> {
        let config = json(config)
        let merged = live.merging(config)
        return FieldManager.apply(
            entries, live: live, config: config, merged: merged, by: writer(manager), force: force,
            associativeLists: true)
    }

    @Test func applyConflictsWithAnotherManagersDifferentValue() throws {
        let entries = FieldManager.update(
            [], live: nil, updated: Self.deployment, by: Self.writer("kubectl-client-side-apply"),
            associativeLists: true)
        let result = Self.apply(entries, live: Self.deployment, config: "{\"spec\":{\"replicas\":3}}")
        guard case .failure(let conflicts) = result else {
            Issue.record("expected a conflict")
            return
        }
        #expect(
            conflicts.message
                == "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas"
        )

        let two = Self.apply(
            entries, live: Self.deployment,
            config: "{\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"x\"}}}}")
        guard case .failure(let both) = two else {
            Issue.record("expected conflicts")
            return
        }
        #expect(
            both.message
                == "Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using apps/v1:\n"
                + "- .spec.replicas\n- .spec.selector")

        guard
            case .success(let forced) = Self.apply(
                entries, live: Self.deployment, config: "{\"spec\":{\"replicas\":3}}", force: true)
        else {
            Issue.record("force must succeed")
            return
        }
        #expect(forced.object["spec"]?["replicas"] == .int(3))
        #expect(forced.entries.map(\.manager) == ["kubectl-client-side-apply", "kubectl"])
        #expect(!Self.paths(forced.entries[0].fields).contains(".spec.replicas"))
        #expect(Self.paths(forced.entries[1].fields) == [".spec.replicas"])
    }

    @Test func applyingTheSameValueSharesOwnership() throws {
        let entries = FieldManager.update(
            [], live: nil, updated: Self.deployment, by: Self.writer("kubectl-client-side-apply"),
            associativeLists: true)
        let result = try Self.apply(entries, live: Self.deployment, config: "{\"spec\":{\"replicas\":1}}").get()
        #expect(Self.paths(result.entries[0].fields).contains(".spec.replicas"))
        #expect(Self.paths(result.entries[1].fields) == [".spec.replicas"])
    }

    @Test func fieldsDroppedFromTheConfigAreRemovedUnlessOwnedElsewhere() throws {
        let first = try Self.apply(
            [], live: .object([:]),
            config: "{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"spec\":{\"paused\":true}}"
        ).get()
        var live = first.object
        // Another manager adds label c with an ordinary update.
        let shared = FieldManager.update(
            first.entries, live: live, updated: live.merging(Self.json("{\"metadata\":{\"labels\":{\"c\":\"3\"}}}")),
            by: Self.writer("other"), associativeLists: true)
        live = live.merging(Self.json("{\"metadata\":{\"labels\":{\"c\":\"3\"}}}"))
        let second = try Self.apply(shared, live: live, config: "{\"metadata\":{\"labels\":{\"a\":\"1\"}}}").get()
        #expect(second.object["metadata"]?["labels"] == Self.json("{\"a\":\"1\",\"c\":\"3\"}"))
        #expect(second.object["spec"]?["paused"] == nil)
    }

    @Test func defaultManagerIsTheUserAgentProduct() {
        #expect(
            FieldManager.Writer.defaultManager(userAgent: "kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd")
                == "kubectl")
        #expect(FieldManager.Writer.defaultManager(userAgent: nil) == "")
    }
}

extension JSONValue {
    /// RFC 7386 merge, for building test states.
    fileprivate func merging(_ patch: JSONValue) -> JSONValue {
        guard case .object(let members) = patch else { return patch }
        var result = objectValue ?? [:]
        for (key, value) in members {
            result[key] = value == .null ? nil : (result[key] ?? .null).merging(value)
        }
        return .object(result)
    }
}
