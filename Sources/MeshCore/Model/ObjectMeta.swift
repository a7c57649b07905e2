/// Kubernetes `metav1.ObjectMeta`: identity, labels and bookkeeping shared by every object.
public struct ObjectMeta: Sendable, Hashable, Codable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int?
    public var creationTimestamp: String?
    public var deletionTimestamp: String?
    public var deletionGracePeriodSeconds: Int?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?
    public var finalizers: [String]?
    public var managedFields: JSONValue?

    /// Creates metadata with a name and optional namespace and labels.
    public init(
        name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil,
        annotations: [String: String]? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }

    /// The name, or the empty string when unset.
    public var nameOrEmpty: String { name ?? "" }

    /// The controller owner reference, if any (`metav1.GetControllerOf`).
    public var controllerRef: OwnerReference? {
        ownerReferences?.first { $0.controller == true }
    }
}

/// Kubernetes `metav1.OwnerReference`: how a ReplicaSet points at its Deployment, a Pod at its ReplicaSet.
public struct OwnerReference: Sendable, Hashable, Codable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    public var controller: Bool?
    public var blockOwnerDeletion: Bool?

    /// Creates a controller reference to an owner.
    public init(apiVersion: String, kind: String, name: String, uid: String, controller: Bool = true) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = controller
    }
}

/// `metav1.Condition`-style entries used by Nodes, Pods and Deployments.
public struct Condition: Sendable, Hashable, Codable {
    public var type: String
    public var status: String
    public var reason: String?
    public var message: String?
    public var lastTransitionTime: String?
    public var lastUpdateTime: String?
    public var lastHeartbeatTime: String?
    public var lastProbeTime: JSONValue?

    /// Creates a condition.
    public init(
        type: String, status: String, reason: String? = nil, message: String? = nil,
        lastTransitionTime: String? = nil, lastUpdateTime: String? = nil
    ) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
        self.lastUpdateTime = lastUpdateTime
    }
}

extension Array where Element == Condition {
    /// The condition of `type`, if present.
    public func condition(_ type: String) -> Condition? { first { $0.type == type } }

    /// Sets a condition, keeping `lastTransitionTime` when the status did not change (as Kubernetes does).
    public mutating func set(_ condition: Condition) {
        if let index = firstIndex(where: { $0.type == condition.type }) {
            var updated = condition
            if self[index].status == condition.status {
                updated.lastTransitionTime = self[index].lastTransitionTime ?? condition.lastTransitionTime
            }
            self[index] = updated
        } else {
            append(condition)
        }
    }
}
