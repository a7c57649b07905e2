/// Server-side apply's ownership decisions, as kube-apiserver's field manager makes them: pure
/// functions from (entries, live object, new object) to the new entries, or to conflicts.
public enum FieldManager {
    /// Who is writing: the `fieldManager` query parameter (or the user agent's product), the
    /// served API version, the subresource, and the time to stamp.
    public struct Writer: Sendable, Hashable {
        /// The field manager's name.
        public var manager: String
        /// The API version written through (empty: the object's own).
        public var apiVersion: String
        /// The subresource written through (`scale`), if any.
        public var subresource: String?
        /// The RFC 3339 time to stamp (empty: the store's clock).
        public var time: String

        /// Creates a writer.
        public init(manager: String, apiVersion: String, subresource: String? = nil, time: String) {
            self.manager = manager
            self.apiVersion = apiVersion
            self.subresource = subresource
            self.time = time
        }

        /// kube-apiserver's default when no `fieldManager` is given: the user agent up to its first
        /// `/` (`kubectl/v1.32.4 (linux/amd64) ...` gives `kubectl`), at most 128 characters.
        public static func defaultManager(userAgent: String?) -> String {
            let product = userAgent?.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            return String(product.prefix(128))
        }

        func entry(_ operation: String, _ fields: FieldSet) -> ManagedFieldsEntry {
            ManagedFieldsEntry(
                manager: manager, operation: operation, apiVersion: apiVersion, time: time, fields: fields,
                subresource: subresource)
        }
    }

    /// One field another manager owns with a different value.
    public struct Conflict: Sendable, Hashable {
        /// The owner, as conflict messages name it (`"kubectl-client-side-apply" using apps/v1`).
        public var manager: String
        /// The contested field.
        public var path: FieldPath
    }

    /// An apply refused for conflicts, with kube-apiserver's message (`getConflictMessage`).
    public struct Conflicts: Error, Sendable, Hashable {
        /// Every contested field, in manager then path order.
        public var conflicts: [Conflict]

        /// `Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas`, or for
        /// several, the managers sorted with their paths as a bulleted list.
        public var message: String {
            if conflicts.count == 1 {
                return "Apply failed with 1 conflict: conflict with \(conflicts[0].manager): \(conflicts[0].path)"
            }
            var lines: [String] = []
            for manager in Set(conflicts.map(\.manager)).sorted() {
                lines.append("conflicts with \(manager):")
                lines += conflicts.filter { $0.manager == manager }.map { "- \($0.path)" }
            }
            return "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
        }
    }

    /// The outcome of an apply: the object to store and its new entries.
    public struct Applied: Sendable, Hashable {
        /// The object to store.
        public var object: JSONValue
        /// Its `metadata.managedFields`.
        public var entries: [ManagedFieldsEntry]
    }

    /// Entries after an ordinary write (create, update, patch) by `writer`: the writer's Update
    /// entry gains every field it set or changed; other managers lose the fields it changed (updates
    /// never conflict), and everyone loses fields that no longer exist.
    public static func update(
        _ entries: [ManagedFieldsEntry], live: JSONValue?, updated: JSONValue, by writer: Writer,
        associativeLists: Bool
    ) -> [ManagedFieldsEntry] {
        let newFields = FieldSet.of(updated, associativeLists: associativeLists)
        var changed = newFields
        var removed = FieldSet()
        if let live {
            let oldFields = FieldSet.of(live, associativeLists: associativeLists)
            changed = FieldSet(
                newFields.paths.filter { FieldSet.value(at: $0, in: live) != FieldSet.value(at: $0, in: updated) })
            removed = oldFields.subtracting(newFields)
        }
        let mine = writer.entry("Update", FieldSet())
        var result: [ManagedFieldsEntry] = []
        var own: ManagedFieldsEntry?
        var ownIndex: Int?
        for var entry in entries {
            if entry.sameIdentity(as: mine) {
                own = entry
                ownIndex = result.count
                continue
            }
            // `fields` is decoded from FieldsV1 on each read: read it once.
            let current = entry.fields
            let fields = current.subtracting(removed).subtracting(changed)
            if fields != current { entry.fields = fields }
            if !fields.isEmpty { result.append(entry) }
        }
        let ownFields = (own?.fields ?? FieldSet()).subtracting(removed).union(changed)
        guard !ownFields.isEmpty else { return result }
        // Why: a write that changes nothing of its own keeps the entry and its time untouched, so a
        // no-op update stays a no-op (kube-apiserver ignores timestamp-only managedFields changes).
        var entry = writer.entry("Update", ownFields)
        if changed.isEmpty, let own {
            entry = own
            entry.fields = ownFields
        }
        result.insert(entry, at: ownIndex ?? result.count)
        return result
    }

    /// Server-side apply of `config` by `writer`. `merged` is `config` merged into `live` (strategic
    /// merge for built-ins, JSON merge for custom resources). Fails with conflicts when another
    /// manager owns a field the config changes, unless `force` takes it over; fields the writer
    /// applied before and no longer applies are removed unless another manager owns them.
    public static func apply(
        _ entries: [ManagedFieldsEntry], live: JSONValue?, config: JSONValue, merged: JSONValue, by writer: Writer,
        force: Bool, associativeLists: Bool
    ) -> Result<Applied, Conflicts> {
        let configFields = FieldSet.of(config, associativeLists: associativeLists)
        var mine = writer.entry("Apply", configFields)
        guard let live else { return .success(Applied(object: merged, entries: [mine])) }
        var conflicts: [Conflict] = []
        for entry in entries where !entry.sameIdentity(as: mine) {
            for path in entry.fields.intersection(configFields).paths.sorted() {
                if case .key = path.elements.last { continue }
                if FieldSet.value(at: path, in: live) != FieldSet.value(at: path, in: merged) {
                    conflicts.append(Conflict(manager: entry.conflictName, path: path))
                }
            }
        }
        if !conflicts.isEmpty, !force { return .failure(Conflicts(conflicts: conflicts)) }
        let taken = FieldSet(Set(conflicts.map(\.path)))
        var result: [ManagedFieldsEntry] = []
        var previous = FieldSet()
        var previousTime: String?
        var mineIndex: Int?
        for var entry in entries {
            // `fields` is decoded from FieldsV1 on each read: read it once.
            let current = entry.fields
            if entry.sameIdentity(as: mine) {
                previous = current
                previousTime = entry.time
                mineIndex = result.count
                continue
            }
            let fields = current.subtracting(taken)
            if fields != current { entry.fields = fields }
            if !fields.isEmpty { result.append(entry) }
        }
        let others = result.reduce(FieldSet()) { $0.union($1.fields) }
        var object = merged
        // Why: a field this applier set before and has now dropped is deleted, unless another
        // manager still owns it (or something under it). Shallow paths go first: a dropped list
        // item goes whole, before its key field could be removed from under it.
        for path in previous.subtracting(configFields).paths.sorted(by: { $0.elements.count < $1.elements.count })
        where !others.paths.contains(where: { $0.hasPrefix(path) }) {
            object = FieldSet.removing(path, from: object)
        }
        if previous == configFields, let time = previousTime {
            // Why: re-applying the same fields keeps the entry's time, so a no-op apply writes nothing.
            mine.time = time
        }
        result.insert(mine, at: mineIndex ?? result.count)
        return .success(Applied(object: object, entries: result))
    }

    /// Decodes `metadata.managedFields`.
    public static func entries(_ json: JSONValue?) -> [ManagedFieldsEntry] {
        guard let json, json != .null else { return [] }
        return (try? json.decode([ManagedFieldsEntry].self)) ?? []
    }

    /// Encodes entries for `metadata.managedFields` (nil when there are none).
    public static func json(_ entries: [ManagedFieldsEntry]) -> JSONValue? {
        entries.isEmpty ? nil : try? JSONValue.encode(entries)
    }
}
