import MeshCore

/// One change, as a Kubernetes watch delivers it.
public struct WatchEvent: Sendable {
    /// ADDED, MODIFIED or DELETED.
    public var type: StoredChange.ChangeType
    /// The object after the change (before it, for DELETED).
    public var object: AnyResource
    /// The object before the change, when there was one.
    public var previous: AnyResource?
    /// The global revision of this change.
    public var revision: Int
    /// The object as stored (JSON, sorted keys), when the store already encoded it: watches send
    /// these bytes to every client instead of encoding the object once per watcher.
    public var encoded: String?

    /// Creates an event.
    public init(
        type: StoredChange.ChangeType, object: AnyResource, previous: AnyResource?, revision: Int,
        encoded: String? = nil
    ) {
        self.type = type
        self.object = object
        self.previous = previous
        self.revision = revision
        self.encoded = encoded
    }
}

/// One write in a batch.
public enum WriteOperation: Sendable {
    /// Create; fails with AlreadyExists.
    case create(AnyResource)
    /// Replace the whole object; fails with NotFound, or Conflict when `resourceVersion` is set and stale.
    case update(AnyResource)
    /// Replace only the status (the `/status` subresource): spec changes are ignored.
    case updateStatus(AnyResource)
    /// Bind a pending pod to a node (the `pods/binding` subresource the scheduler posts).
    case bind(ObjectKey, nodeName: String, condition: Condition)
    /// Create, or update the user's fields and keep server-owned ones (kubectl apply's outcome).
    case apply(AnyResource)
    /// Delete; Pods bound to a node get a graceful deletion first (`deletionTimestamp`).
    case delete(ObjectKey, gracePeriodSeconds: Int?)
}

/// What a write did, in kubectl's words (`created`, `configured`, `unchanged`, `deleted`).
public struct WriteResult: Sendable {
    public enum Outcome: String, Sendable {
        case created, configured, unchanged, deleted
    }
    public var outcome: Outcome
    public var object: AnyResource
    /// Creates a result.
    public init(outcome: Outcome, object: AnyResource) {
        self.outcome = outcome
        self.object = object
    }
}
