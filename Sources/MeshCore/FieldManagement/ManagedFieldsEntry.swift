/// Kubernetes `metav1.ManagedFieldsEntry`: which fields one manager owns, and how it set them.
public struct ManagedFieldsEntry: Sendable, Hashable, Codable {
    /// The field manager (`kubectl-client-side-apply`, `kubectl`, ...).
    public var manager: String
    /// `Apply` (server-side apply) or `Update` (create, update, patch).
    public var operation: String
    /// The API version the manager used.
    public var apiVersion: String?
    /// When the entry last changed (RFC 3339).
    public var time: String?
    /// Always `FieldsV1`.
    public var fieldsType: String?
    /// The owned fields.
    public var fieldsV1: JSONValue?
    /// The subresource written through (`scale`, `status`), if any.
    public var subresource: String?

    /// Creates an entry.
    public init(
        manager: String, operation: String, apiVersion: String?, time: String?, fields: FieldSet,
        subresource: String? = nil
    ) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.fieldsType = "FieldsV1"
        self.fieldsV1 = fields.fieldsV1
        self.subresource = subresource
    }

    /// The owned fields, parsed.
    public var fields: FieldSet {
        get { fieldsV1.map(FieldSet.init(fieldsV1:)) ?? FieldSet() }
        set { fieldsV1 = newValue.fieldsV1 }
    }

    /// Whether `other` is the same manager identity. Why: kube-apiserver keys entries by manager,
    /// operation and subresource, and for Update also by apiVersion (`BuildManagerIdentifier`).
    public func sameIdentity(as other: ManagedFieldsEntry) -> Bool {
        manager == other.manager && operation == other.operation && (subresource ?? "") == (other.subresource ?? "")
            && (operation == "Apply" || apiVersion == other.apiVersion)
    }

    /// How conflict messages name the manager (`printManager`): `"kubectl"` for appliers,
    /// `"kubectl-client-side-apply" using apps/v1` for updaters.
    public var conflictName: String {
        var text = "\"\(manager)\""
        if let subresource, !subresource.isEmpty { text += " with subresource \"\(subresource)\"" }
        if operation == "Update" { text += " using \(apiVersion ?? "")" }
        return text
    }
}
