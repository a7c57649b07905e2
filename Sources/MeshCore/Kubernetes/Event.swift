/// Kubernetes `v1.Event`: what `kubectl describe` shows under Events.
public struct Event: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "Event", group: "", version: "v1", plural: "events", shortNames: ["ev"])
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var involvedObject: ObjectReference
    public var reason: String?
    public var message: String?
    public var type: String?
    public var count: Int?
    public var firstTimestamp: String?
    public var lastTimestamp: String?
    public var source: EventSource?
    public var reportingComponent: String?

    /// Creates an event.
    public init(
        metadata: ObjectMeta, involvedObject: ObjectReference, reason: String, message: String, type: String,
        timestamp: String, component: String
    ) {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
        self.count = 1
        self.firstTimestamp = timestamp
        self.lastTimestamp = timestamp
        self.source = EventSource(component: component, host: nil)
        self.reportingComponent = component
        setTypeMeta()
    }
}

/// `v1.EventSource`.
public struct EventSource: Sendable, Hashable, Codable {
    public var component: String?
    public var host: String?
    /// Creates a source.
    public init(component: String?, host: String?) {
        self.component = component
        self.host = host
    }
}
