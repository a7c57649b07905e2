/// The creations and deletions a controller is still waiting to observe, per controller key.
///
/// Why: copies `UIDTrackingControllerExpectations` (pkg/controller/controller_utils.go). A controller
/// skips `manageReplicas` until its own writes show up in the informer cache, so it never double-creates;
/// a record older than `ttl` (5 minutes, `ExpectationsTimeout`) counts as satisfied so a lost watch
/// event cannot wedge the controller.
public struct ControllerExpectations: Sendable, Hashable {
    /// One controller's pending work.
    public struct Record: Sendable, Hashable {
        /// Pod creations not yet observed.
        public var adds: Int
        /// Pod deletions not yet observed.
        public var dels: Int
        /// When the expectation was set (seconds since the epoch).
        public var timestamp: Double
        /// Keys (`namespace/name`) of pods whose deletion is expected.
        public var deletingKeys: Set<String>

        /// Whether every expected event has been seen.
        public var fulfilled: Bool { adds <= 0 && dels <= 0 }
    }

    /// `ExpectationsTimeout`.
    public static let ttl: Double = 5 * 60

    /// Records by controller key.
    public private(set) var records: [String: Record] = [:]

    /// Creates empty expectations.
    public init() {}

    /// `SatisfiedExpectations`: true when there is no record, it is fulfilled, or it expired.
    public func satisfied(_ key: String, now: Double) -> Bool {
        guard let record = records[key] else { return true }
        return record.fulfilled || now - record.timestamp > Self.ttl
    }

    /// `ExpectCreations`: replaces the record with `count` pending adds.
    public mutating func expectCreations(_ key: String, count: Int, now: Double) {
        records[key] = Record(adds: count, dels: 0, timestamp: now, deletingKeys: [])
    }

    /// `ExpectDeletions` with UID tracking: replaces the record with the pods about to be deleted.
    public mutating func expectDeletions(_ key: String, podKeys: [String], now: Double) {
        records[key] = Record(adds: 0, dels: podKeys.count, timestamp: now, deletingKeys: Set(podKeys))
    }

    /// `CreationObserved`: one expected pod appeared (also used for creations that failed).
    public mutating func creationObserved(_ key: String) {
        records[key]?.adds -= 1
    }

    /// `DeletionObserved`: a pod went away; counts only if its deletion was expected.
    public mutating func deletionObserved(_ key: String, podKey: String) {
        guard var record = records[key], record.deletingKeys.remove(podKey) != nil else { return }
        record.dels -= 1
        records[key] = record
    }

    /// `LowerExpectations`: creations or deletions that will never be observed (the API call failed
    /// or was skipped by slow start).
    public mutating func lower(_ key: String, adds: Int = 0, dels: Int = 0) {
        records[key]?.adds -= adds
        records[key]?.dels -= dels
    }

    /// `DeleteExpectations`: forget the controller (it was deleted).
    public mutating func delete(_ key: String) { records[key] = nil }
}
