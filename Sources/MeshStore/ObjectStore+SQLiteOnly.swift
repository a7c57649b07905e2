import Foundation
import MeshCore

/// Kinds the store serves from SQLite instead of its in-memory cache.
///
/// Why Events: kube-apiserver keeps them in etcd (with a TTL) and they are read rarely (`describe`,
/// `get events`) while every pod produces five of them; at 10,000 pods the cached copies were a
/// third of the daemon's memory. Reads filter inside SQLite (`involvedObject.uid` for describe).
extension ObjectStore {
    /// The kinds kept out of the cache when there is a database.
    static let sqliteOnly: Set<String> = ["Event"]
    /// Event fields that are always strings (safe to compare inside SQLite).
    static let stringFields: Set<String> = ["metadata.name", "metadata.namespace", "reason", "type"]

    /// One SQLite-only object: an accepted write not yet committed, else the stored row.
    func sqliteOnlyObject(_ key: ObjectKey) -> AnyResource? {
        if let pending = sqliteOnlyPending[key] { return pending.object }
        guard let data = try? database?.data(for: key) else { return nil }
        return Self.decode(kind: key.kind, data: data)
    }

    /// SQLite-only objects of a kind, with accepted writes laid over the stored rows, sorted by key.
    func sqliteOnlyList(kind: String, namespace: String?, fieldEquals: [String: String] = [:]) -> [AnyResource] {
        var found: [ObjectKey: AnyResource] = [:]
        for row in (try? database?.data(kind: kind, namespace: namespace, fieldEquals: fieldEquals)) ?? [] {
            if let object = Self.decode(kind: kind, data: row.data) { found[row.key] = object }
        }
        for (key, pending) in sqliteOnlyPending where key.kind == kind && (namespace ?? key.namespace) == key.namespace
        {
            if let object = pending.object, let json = try? object.json(),
                fieldEquals.allSatisfy({
                    json.value(at: $0.key.split(separator: ".").map(String.init))?.stringValue == $0.value
                })
            {
                found[key] = object
            } else {
                found[key] = nil
            }
        }
        return found.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Objects of a kind whose dotted fields equal the given values (`fieldSelector` equalities);
    /// for SQLite-only kinds the filter runs in SQLite, for cached kinds the caller filters.
    public func list(kind: String, namespace: String?, fieldEquals: [String: String]) -> [AnyResource] {
        guard sqliteOnlyKinds.contains(kind) else { return list(kind: kind, namespace: namespace) }
        // Only string fields go to SQLite (json_extract keeps JSON numbers numeric); the caller's
        // own filter still checks every term.
        let strings = fieldEquals.filter { Self.stringFields.contains($0.key) || $0.key.hasPrefix("involvedObject.") }
        return sqliteOnlyList(kind: kind, namespace: namespace, fieldEquals: strings)
    }

    /// Events last touched before `cutoff` (RFC 3339), for the event TTL.
    public func events(touchedBefore cutoff: String) -> [ObjectKey] {
        guard sqliteOnlyKinds.contains("Event"), let database else {
            return list(Event.self).filter { ($0.lastTimestamp ?? $0.metadata.creationTimestamp ?? "") < cutoff }
                .map(\.key)
        }
        let stored = (try? database.keys(kind: "Event", touchedBefore: cutoff)) ?? []
        // Accepted writes not yet committed are younger than anything stored.
        return stored.filter { sqliteOnlyPending[$0] == nil }
    }

    /// Forgets accepted writes once committed (or refused): reads now come from SQLite.
    func settleSQLiteOnly(_ changes: [ChangePersister.Change]) {
        for change in changes where sqliteOnlyKinds.contains(change.object.key.kind) {
            if sqliteOnlyPending[change.object.key]?.revision == change.revision {
                sqliteOnlyPending[change.object.key] = nil
            }
        }
    }

    private static func decode(kind: String, data: String) -> AnyResource? {
        guard let type = ResourceRegistry.type(forKind: kind),
            let object = try? JSONCoding.decoder.decode(type, from: Data(data.utf8))
        else { return nil }
        return AnyResource(object)
    }
}
