import Foundation
import MeshCore

/// The API server's storage: an in-memory cache of every object, written through to SQLite in one
/// transaction per batch, with a global revision and watch fan-out.
///
/// Why one actor here: kube-apiserver + etcd serialize writes per revision; a single writer keeps
/// `resourceVersion` a total order, which watches, `replay` and restarts rely on. Controllers are
/// separate actors that only read snapshots and submit writes.
public actor ObjectStore {
    let database: ClusterStore?
    private let clock: any ClusterClock
    private var objects: [String: [ObjectKey: AnyResource]] = [:]
    /// Kinds kept only in SQLite, not in the in-memory cache (see `ObjectStore+SQLiteOnly`).
    let sqliteOnlyKinds: Set<String>
    /// Writes of SQLite-only kinds accepted but not yet committed (nil: a deletion).
    var sqliteOnlyPending: [ObjectKey: (revision: Int, object: AnyResource?)] = [:]
    /// Dependents by owner UID (the garbage collector's and controllers' ownerReferences index).
    private var dependents: [String: Set<ObjectKey>] = [:]
    /// Pods with no `spec.nodeName`: kube-apiserver's watch cache indexes pods by node name too,
    /// so the scheduler finds pending pods without scanning every pod.
    private var unbound: Set<ObjectKey> = []
    /// The open watches (`ObjectStore+Watch`).
    let hub = WatchHub()
    private let persister: ChangePersister
    private var uidGenerator: SeededGenerator
    private let admission: Admission?
    /// The newest global revision (of the cache; SQLite and watchers follow within a commit).
    public private(set) var revision: Int = 0

    /// Creates a store over an optional SQLite file (nil keeps everything in memory, for tests).
    public init(
        database: ClusterStore?, clock: any ClusterClock = SystemClock(), seed: UInt64? = nil,
        admission: Admission? = nil
    ) throws {
        self.database = database
        self.admission = admission
        self.clock = clock
        persister = ChangePersister(database: database, hub: hub)
        sqliteOnlyKinds = database == nil ? [] : Self.sqliteOnly
        uidGenerator = SeededGenerator(seed: seed ?? UInt64.random(in: 0...UInt64.max))
        if let database {
            let decoder = JSONCoding.decoder
            let (rows, revision) = try database.loadAll()
            self.revision = revision
            // Nothing loaded from disk is ever broadcast: watches start after it.
            hub.markBroadcast(through: revision)
            for row in rows where !sqliteOnlyKinds.contains(row.key.kind) {
                guard let type = ResourceRegistry.type(forKind: row.key.kind) else { continue }
                let object = AnyResource(try decoder.decode(type, from: Data(row.data.utf8)))
                objects[row.key.kind, default: [:]][row.key] = object
                for owner in object.metadata.ownerReferences ?? [] {
                    dependents[owner.uid, default: []].insert(row.key)
                }
            }
        }
    }

    // MARK: - Reads

    /// One object by key.
    public func get(_ key: ObjectKey) -> AnyResource? {
        sqliteOnlyKinds.contains(key.kind) ? sqliteOnlyObject(key) : objects[key.kind]?[key]
    }

    /// One typed object.
    public func get<T: KubeResource>(_ type: T.Type, namespace: String = "", name: String) -> T? {
        let kind = T.resourceKind
        let key = ObjectKey(kind: kind.kind, namespace: kind.namespaced ? namespace : "", name: name)
        return get(key)?.base as? T
    }

    /// The typed objects that exist among `keys`, in one actor hop.
    public func get<T: KubeResource>(_ type: T.Type, keys: [ObjectKey]) -> [ObjectKey: T] {
        guard let all = objects[T.resourceKind.kind] else { return [:] }
        var found: [ObjectKey: T] = [:]
        for key in keys { if let object = all[key]?.base as? T { found[key] = object } }
        return found
    }

    /// Every object of a kind, optionally in one namespace, sorted by namespace and name.
    public func list(kind: String, namespace: String? = nil) -> [AnyResource] {
        if sqliteOnlyKinds.contains(kind) { return sqliteOnlyList(kind: kind, namespace: namespace) }
        guard let all = objects[kind] else { return [] }
        return all.lazy.filter { namespace == nil || $0.key.namespace == namespace }
            .sorted { $0.key < $1.key }.map(\.value)
    }

    /// Every object of a typed kind, optionally in one namespace, sorted by namespace and name.
    public func list<T: KubeResource>(_ type: T.Type, namespace: String? = nil) -> [T] {
        if sqliteOnlyKinds.contains(T.resourceKind.kind) {
            return list(kind: T.resourceKind.kind, namespace: namespace).compactMap { $0.base as? T }
        }
        guard let all = objects[T.resourceKind.kind] else { return [] }
        return all.lazy.filter { namespace == nil || $0.key.namespace == namespace }
            .sorted { $0.key < $1.key }.compactMap { $0.value.base as? T }
    }

    /// Typed objects in a namespace whose labels include every pair of `labels` (a Service's
    /// equality selector), filtered before any object is copied out of the cache.
    public func list<T: KubeResource>(_ type: T.Type, namespace: String, labels: [String: String]) -> [T] {
        guard let all = objects[T.resourceKind.kind] else { return [] }
        return all.lazy.filter { entry in
            guard entry.key.namespace == namespace else { return false }
            let have = entry.value.metadata.labels ?? [:]
            return labels.allSatisfy { have[$0.key] == $0.value }
        }
        .sorted { $0.key < $1.key }.compactMap { $0.value.base as? T }
    }

    /// Objects whose ownerReferences name `ownerUID`, optionally of one kind, sorted by key.
    public func dependents(of ownerUID: String, kind: String? = nil) -> [AnyResource] {
        guard let keys = dependents[ownerUID] else { return [] }
        return keys.lazy.filter { kind == nil || $0.kind == kind }.sorted().compactMap { objects[$0.kind]?[$0] }
    }

    /// Typed dependents of an owner.
    public func dependents<T: KubeResource>(_ type: T.Type, of ownerUID: String) -> [T] {
        dependents(of: ownerUID, kind: T.resourceKind.kind).compactMap { $0.base as? T }
    }

    /// Pods not yet bound to a node, oldest first (the scheduling queue's FIFO order).
    public func unboundPods() -> [Pod] {
        unbound.compactMap { objects["Pod"]?[$0]?.base as? Pod }.sorted {
            ($0.metadata.creationTimestamp ?? "", $0.metadata.nameOrEmpty) < (
                $1.metadata.creationTimestamp ?? "", $1.metadata.nameOrEmpty
            )
        }
    }

    /// How many objects of a kind exist.
    public func count(kind: String) -> Int {
        sqliteOnlyKinds.contains(kind) ? sqliteOnlyList(kind: kind, namespace: nil).count : objects[kind]?.count ?? 0
    }

    // MARK: - Writes

    /// Applies a batch atomically: validates every operation against the current state, updates
    /// the cache, and returns once the batch is committed in one SQLite transaction and its
    /// events are broadcast (other writes are admitted meanwhile; see `ChangePersister`). With a
    /// `writer`, creates and updates record its `Update` entry in `metadata.managedFields`.
    @discardableResult
    public func write(
        _ operations: [WriteOperation], dryRun: Bool = false, writer: FieldManager.Writer? = nil
    ) async throws(StoreError) -> [WriteResult] {
        var staged: [ObjectKey: AnyResource?] = [:]
        /// The revision of each key's last change in this batch.
        var stagedRevision: [ObjectKey: Int] = [:]
        var results: [WriteResult] = []
        var changes: [ChangePersister.Change] = []
        var nextRevision = revision
        let now = Timestamp.format(clock.now())

        func current(_ key: ObjectKey) -> AnyResource? {
            if let entry = staged[key] { return entry }
            return get(key)
        }

        for operation in operations {
            let (outcome, object, previous, removed) = try stage(
                operation, current: current, now: now, writer: writer)
            if outcome == .unchanged {
                results.append(WriteResult(outcome: .unchanged, object: object))
                continue
            }
            nextRevision += 1
            var stored = object
            stored.metadata.resourceVersion = String(nextRevision)
            let type: StoredChange.ChangeType = removed ? .deleted : (previous == nil ? .added : .modified)
            staged[stored.key] = removed ? .some(nil) : stored
            stagedRevision[stored.key] = nextRevision
            changes.append(
                ChangePersister.Change(type: type, object: stored, previous: previous, revision: nextRevision))
            results.append(WriteResult(outcome: outcome, object: stored))
        }
        // Why: `dryRun=All` runs admission and validation exactly as a real write, then stores nothing.
        guard !changes.isEmpty, !dryRun else { return results }
        revision = nextRevision
        for (key, value) in staged where sqliteOnlyKinds.contains(key.kind) {
            sqliteOnlyPending[key] = (stagedRevision[key] ?? nextRevision, value)
        }
        for (key, value) in staged where !sqliteOnlyKinds.contains(key.kind) {
            let old = objects[key.kind]?[key]
            for owner in old?.metadata.ownerReferences ?? [] { dependents[owner.uid]?.remove(key) }
            if let value {
                objects[key.kind, default: [:]][key] = value
                for owner in value.metadata.ownerReferences ?? [] { dependents[owner.uid, default: []].insert(key) }
                if let pod = value.base as? Pod, pod.spec.nodeName == nil {
                    unbound.insert(key)
                } else {
                    unbound.remove(key)
                }
            } else {
                objects[key.kind]?[key] = nil
                unbound.remove(key)
            }
        }
        defer { settleSQLiteOnly(changes) }
        do {
            try await withCheckedThrowingContinuation { continuation in
                persister.submit(changes, continuation: continuation)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.internalError, "storage: \(error)")
        }
        return results
    }

    private func stage(
        _ operation: WriteOperation, current: (ObjectKey) -> AnyResource?, now: String,
        writer: FieldManager.Writer?
    ) throws(StoreError) -> (WriteResult.Outcome, AnyResource, AnyResource?, Bool) {
        switch operation {
        case .create(var object):
            try assignName(&object)
            try admission?.admit(&object, .create, current)
            if current(object.key) != nil {
                throw StoreError(
                    .alreadyExists,
                    "\(object.resourceKind.qualifiedPlural) \"\(object.metadata.nameOrEmpty)\" already exists",
                    key: object.key)
            }
            initializeMetadata(&object, now: now)
            if let writer { ManagedFieldsRecorder.record(writer, live: nil, into: &object, now: now) }
            return (.created, object, nil, false)
        case .update(var object):
            guard let existing = current(object.key) else { throw notFound(object.key, object.resourceKind) }
            try admission?.admit(&object, .update(existing), current)
            if let expected = object.metadata.resourceVersion, !expected.isEmpty,
                expected != existing.metadata.resourceVersion
            {
                throw StoreError(
                    .conflict,
                    "Operation cannot be fulfilled on \(object.resourceKind.qualifiedPlural) \"\(object.metadata.nameOrEmpty)\": "
                        + "the object has been modified; please apply your changes to the latest version and try again",
                    key: object.key)
            }
            carryServerFields(from: existing, to: &object)
            if let writer {
                // Why: an update that sends no managedFields keeps the stored ones (kube-apiserver).
                if object.metadata.managedFields == nil {
                    object.metadata.managedFields = existing.metadata.managedFields
                }
                ManagedFieldsRecorder.record(writer, live: existing, into: &object, now: now)
            }
            if StoreDiff.specChanged(existing, object) {
                object.metadata.generation = (existing.metadata.generation ?? 1) + 1
            }
            return StoreDiff.sameContent(existing, object)
                && existing.metadata.managedFields == object.metadata.managedFields
                ? (.unchanged, existing, existing, false) : (.configured, object, existing, false)
        case .updateStatus(let incoming):
            guard let existing = current(incoming.key) else { throw notFound(incoming.key, incoming.resourceKind) }
            let object = StoreDiff.withStatus(of: incoming, onto: existing)
            return StoreDiff.sameContent(existing, object)
                ? (.unchanged, existing, existing, false) : (.configured, object, existing, false)
        case .bind(let key, let nodeName, let condition):
            // Why no admission: kube-apiserver's `pods/binding` only assigns the node (and the
            // PodScheduled condition) and refuses a pod that already has one.
            guard let existing = current(key), let pod = existing.as(Pod.self) else {
                throw notFound(key, Pod.resourceKind)
            }
            if let bound = pod.spec.nodeName {
                throw StoreError(
                    .conflict,
                    "Operation cannot be fulfilled on pods/binding \"\(key.name)\": "
                        + "pod \(key.name) is already assigned to node \"\(bound)\"", key: key)
            }
            return (
                .configured, AnyResource(PodBinding.bound(pod, to: nodeName, condition: condition)), existing, false
            )
        case .apply(var object):
            guard let existing = current(object.key) else {
                try assignName(&object)
                try admission?.admit(&object, .create, current)
                initializeMetadata(&object, now: now)
                if let writer { ManagedFieldsRecorder.record(writer, live: nil, into: &object, now: now) }
                return (.created, object, nil, false)
            }
            try admission?.admit(&object, .update(existing), current)
            object = StoreDiff.applied(object, onto: existing)
            carryServerFields(from: existing, to: &object)
            object.metadata.managedFields = existing.metadata.managedFields
            if let writer { ManagedFieldsRecorder.record(writer, live: existing, into: &object, now: now) }
            if StoreDiff.specChanged(existing, object) {
                object.metadata.generation = (existing.metadata.generation ?? 1) + 1
            }
            return StoreDiff.sameContent(existing, object)
                ? (.unchanged, existing, existing, false) : (.configured, object, existing, false)
        case .delete(let key, let grace):
            guard var existing = current(key) else {
                let kind = ResourceRegistry.type(forKind: key.kind)?.resourceKind
                throw notFound(key, kind)
            }
            // Why: kube-apiserver deletes a Pod bound to a node gracefully: it only sets
            // deletionTimestamp; the kubelet stops the containers and then removes the object.
            if var pod = existing.as(Pod.self), pod.spec.nodeName != nil, (grace ?? 30) > 0 {
                if pod.metadata.deletionTimestamp != nil { return (.unchanged, existing, existing, false) }
                let seconds = grace ?? pod.spec.terminationGracePeriodSeconds ?? 30
                pod.metadata.deletionTimestamp = Timestamp.format(clock.now() + Double(seconds))
                pod.metadata.deletionGracePeriodSeconds = seconds
                pod.metadata.generation = (pod.metadata.generation ?? 0) + 1
                return (.deleted, AnyResource(pod), existing, false)
            }
            existing.metadata.deletionTimestamp = existing.metadata.deletionTimestamp ?? now
            return (.deleted, existing, existing, true)
        }
    }

    private func notFound(_ key: ObjectKey, _ kind: ResourceKind?) -> StoreError {
        StoreError(.notFound, "\(kind?.qualifiedPlural ?? key.kind) \"\(key.name)\" not found", key: key)
    }

    private func assignName(_ object: inout AnyResource) throws(StoreError) {
        if (object.metadata.name ?? "").isEmpty {
            guard let prefix = object.metadata.generateName, !prefix.isEmpty else {
                throw StoreError(
                    .invalid, "\(object.resourceKind.kind) \"\": name or generateName is required",
                    causes: [
                        FieldError(path: "metadata.name", message: "Required value: name or generateName is required")
                    ])
            }
            object.metadata.name = prefix + NameSuffix.make(using: &uidGenerator)
        }
        if object.resourceKind.namespaced, object.metadata.namespace == nil { object.metadata.namespace = "default" }
        if !object.resourceKind.namespaced { object.metadata.namespace = nil }
    }

    private func initializeMetadata(_ object: inout AnyResource, now: String) {
        object.metadata.uid = makeUID()
        object.metadata.creationTimestamp = now
        object.metadata.generation = 1
        object.metadata.deletionTimestamp = nil
        object.base.setTypeMeta()
    }

    private func carryServerFields(from existing: AnyResource, to object: inout AnyResource) {
        object.metadata.uid = existing.metadata.uid
        object.metadata.creationTimestamp = existing.metadata.creationTimestamp
        object.metadata.generation = existing.metadata.generation
        object.metadata.resourceVersion = existing.metadata.resourceVersion
        if object.metadata.deletionTimestamp == nil {
            object.metadata.deletionTimestamp = existing.metadata.deletionTimestamp
        }
        object.base.setTypeMeta()
    }

    /// A random UUID (version 4 layout) from the store's generator.
    public func makeUID() -> String {
        let high = uidGenerator.next()
        let low = uidGenerator.next()
        let digits = Array("0123456789abcdef")
        var chars: [Character] = []
        chars.reserveCapacity(32)
        for word in [high, low] {
            for shift in stride(from: 60, through: 0, by: -4) {
                chars.append(digits[Int((word >> UInt64(shift)) & 0xF)])
            }
        }
        func part(_ range: Range<Int>) -> String { String(chars[range]) }
        let version = "4" + part(13..<16)
        let variant = String("89ab"[String.Index(utf16Offset: Int(low >> 62), in: "89ab")]) + part(17..<20)
        return "\(part(0..<8))-\(part(8..<12))-\(version)-\(variant)-\(part(20..<32))"
    }
}
