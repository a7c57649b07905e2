import Foundation
import GRDB
import MeshCore

/// The SQLite file behind a cluster: current objects plus a kine-style revision log.
///
/// Why a revision log: Kubernetes' `resourceVersion` is etcd's global revision; kine (k3s) stores it
/// as an append-only table in SQLite, and watches resume from a revision. We do the same, so a
/// restarted daemon, a watch and `replay` all agree on one ordering.
public final class ClusterStore: Sendable {
    /// The GRDB connection pool (WAL mode: readers never block the single writer).
    public let writer: DatabasePool
    /// Where the database lives.
    public let path: String
    /// How many revision rows to keep behind the newest (older watches get 410 Gone).
    public let revisionHistory: Int

    /// Opens (creating if needed) the store at `path` and runs migrations.
    public init(path: String, revisionHistory: Int = 50_000) throws {
        var configuration = Configuration()
        configuration.label = "meshsim"
        configuration.prepareDatabase { db in
            // Why NORMAL: in WAL mode it is durable against process crashes (kill -9), which is the
            // failure the daemon must survive; FULL would only add fsyncs for power loss.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        self.path = path
        self.revisionHistory = revisionHistory
        writer = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(writer)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE object (
                        kind TEXT NOT NULL,
                        namespace TEXT NOT NULL,
                        name TEXT NOT NULL,
                        uid TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        data TEXT NOT NULL,
                        PRIMARY KEY (kind, namespace, name)
                    ) WITHOUT ROWID;
                    CREATE TABLE revision (
                        revision INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,
                        namespace TEXT NOT NULL,
                        name TEXT NOT NULL,
                        type TEXT NOT NULL,
                        data TEXT NOT NULL
                    );
                    CREATE TABLE setting (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }

    /// Every stored object and the newest revision, for loading the daemon's cache.
    public func loadAll() throws -> (objects: [StoredObject], revision: Int) {
        try writer.read { db in
            let objects = try Row.fetchAll(db, sql: "SELECT kind, namespace, name, revision, data FROM object")
                .map(StoredObject.init(row:))
            let revision = try Int.fetchOne(db, sql: "SELECT MAX(revision) FROM revision") ?? 0
            let settingRevision = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'revision'")
            return (objects, max(revision, settingRevision.flatMap(Int.init) ?? 0))
        }
    }

    /// One object's stored JSON, or nil.
    public func data(for key: ObjectKey) throws -> String? {
        try writer.read { db in
            try String.fetchOne(
                db, sql: "SELECT data FROM object WHERE kind = ? AND namespace = ? AND name = ?",
                arguments: [key.kind, key.namespace, key.name])
        }
    }

    /// The stored JSON of every object of `kind` (in `namespace` when given) whose fields at the
    /// dotted `paths` equal the given values; the filter runs inside SQLite (JSON1).
    public func data(kind: String, namespace: String?, fieldEquals: [String: String] = [:]) throws -> [StoredObject] {
        var sql = "SELECT kind, namespace, name, revision, data FROM object WHERE kind = ?"
        var arguments: [(any DatabaseValueConvertible)?] = [kind]
        if let namespace {
            sql += " AND namespace = ?"
            arguments.append(namespace)
        }
        for (path, value) in fieldEquals.sorted(by: { $0.key < $1.key }) {
            sql += " AND json_extract(data, ?) = ?"
            arguments.append("$." + path)
            arguments.append(value)
        }
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(StoredObject.init(row:))
        }
    }

    /// Keys of the objects of `kind` last touched before `cutoff` (RFC 3339; events' `lastTimestamp`,
    /// else their creation time), found inside SQLite.
    public func keys(kind: String, touchedBefore cutoff: String) throws -> [ObjectKey] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT namespace, name FROM object WHERE kind = ? AND COALESCE(
                        json_extract(data, '$.lastTimestamp'), json_extract(data, '$.metadata.creationTimestamp')) < ?
                    """, arguments: [kind, cutoff]
            ).map { ObjectKey(kind: kind, namespace: $0["namespace"], name: $0["name"]) }
        }
    }

    /// Writes a batch of changes in one transaction: all of them or none.
    public func commit(_ changes: [StoredChange]) throws {
        guard !changes.isEmpty else { return }
        try writer.write { db in
            // Cached statements: compiled once per connection, not on every write.
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO object (kind, namespace, name, uid, revision, data) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(kind, namespace, name) DO UPDATE SET
                        uid = excluded.uid, revision = excluded.revision, data = excluded.data
                    """)
            let remove = try db.cachedStatement(sql: "DELETE FROM object WHERE kind = ? AND namespace = ? AND name = ?")
            let log = try db.cachedStatement(
                sql: "INSERT INTO revision (revision, kind, namespace, name, type, data) VALUES (?, ?, ?, ?, ?, ?)")
            for change in changes {
                switch change.type {
                case .added, .modified:
                    try upsert.execute(arguments: [
                        change.key.kind, change.key.namespace, change.key.name, change.uid, change.revision,
                        change.data,
                    ])
                case .deleted:
                    try remove.execute(arguments: [change.key.kind, change.key.namespace, change.key.name])
                }
                try log.execute(arguments: [
                    change.revision, change.key.kind, change.key.namespace, change.key.name, change.type.rawValue,
                    change.data,
                ])
            }
            if let last = changes.last?.revision, last % 1000 < changes.count {
                // Why: kine compacts old revisions; keep the table bounded.
                try db.execute(sql: "DELETE FROM revision WHERE revision <= ?", arguments: [last - revisionHistory])
                try db.execute(
                    sql: "INSERT INTO setting (key, value) VALUES ('revision', ?) "
                        + "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    arguments: [String(last)])
            }
        }
    }

    /// Revision-log entries after `revision`, oldest first (for resuming watches).
    public func changes(after revision: Int, limit: Int = 10_000) throws -> [StoredChange] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT revision, kind, namespace, name, type, data FROM revision WHERE revision > ? "
                    + "ORDER BY revision LIMIT ?",
                arguments: [revision, limit]
            ).map { row in
                StoredChange(
                    type: StoredChange.ChangeType(rawValue: row["type"]) ?? .modified,
                    key: ObjectKey(kind: row["kind"], namespace: row["namespace"], name: row["name"]),
                    uid: "", revision: row["revision"], data: row["data"])
            }
        }
    }

    /// The oldest revision still in the log (watches older than this get 410 Gone).
    public func oldestRevision() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT MIN(revision) FROM revision") ?? 0 }
    }

    /// Reads a setting.
    public func setting(_ key: String) throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
        }
    }

    /// A setting read from the database file at `path` without opening it for writing (no
    /// migration, no lock on a running daemon's store); nil when the file or key is missing.
    public static func setting(_ key: String, inDatabaseAt path: String) -> String? {
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return nil }
        return try? queue.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
        }
    }

    /// Writes a setting.
    public func setSetting(_ key: String, _ value: String) throws {
        try writer.write { db in
            try db.execute(
                sql:
                    "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}

/// One stored object row.
public struct StoredObject: Sendable, Hashable {
    public var key: ObjectKey
    public var revision: Int
    public var data: String
    /// Creates a row.
    public init(key: ObjectKey, revision: Int, data: String) {
        self.key = key
        self.revision = revision
        self.data = data
    }
}

/// One entry of the revision log.
public struct StoredChange: Sendable, Hashable {
    /// Watch event types, named as Kubernetes' watch API names them.
    public enum ChangeType: String, Sendable, Hashable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }
    public var type: ChangeType
    public var key: ObjectKey
    public var uid: String
    public var revision: Int
    public var data: String
    /// Creates a change.
    public init(type: ChangeType, key: ObjectKey, uid: String, revision: Int, data: String) {
        self.type = type
        self.key = key
        self.uid = uid
        self.revision = revision
        self.data = data
    }
}

extension StoredObject {
    /// A row of `SELECT kind, namespace, name, revision, data FROM object`.
    init(row: Row) {
        self.init(
            key: ObjectKey(kind: row["kind"], namespace: row["namespace"], name: row["name"]),
            revision: row["revision"],
            data: row["data"])
    }
}
