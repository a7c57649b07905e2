/// Kubernetes `v1.Namespace`.
public struct Namespace: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "Namespace", group: "", version: "v1", plural: "namespaces", shortNames: ["ns"], namespaced: false)
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: NamespaceSpec?
    public var status: NamespaceStatus?

    /// Creates a namespace.
    public init(name: String, labels: [String: String]? = nil) {
        metadata = ObjectMeta(name: name, labels: labels)
        setTypeMeta()
    }
}

/// `v1.NamespaceSpec`.
public struct NamespaceSpec: Sendable, Hashable, Codable {
    public var finalizers: [String]?
}

/// `v1.NamespaceStatus`.
public struct NamespaceStatus: Sendable, Hashable, Codable {
    public var phase: String?
    /// Creates a status.
    public init(phase: String?) { self.phase = phase }
}
