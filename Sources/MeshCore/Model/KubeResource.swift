/// A typed Kubernetes or Istio object the cluster stores.
public protocol KubeResource: Codable, Sendable, Hashable {
    /// The descriptor: kind, group, version, plural, short names.
    static var resourceKind: ResourceKind { get }
    /// The wire `apiVersion` field.
    var apiVersion: String? { get set }
    /// The wire `kind` field.
    var kind: String? { get set }
    /// Object metadata.
    var metadata: ObjectMeta { get set }
}

extension KubeResource {
    /// The key the store files the object under.
    public var key: ObjectKey {
        ObjectKey(
            kind: Self.resourceKind.kind,
            namespace: Self.resourceKind.namespaced ? (metadata.namespace ?? "default") : "",
            name: metadata.nameOrEmpty)
    }

    /// Fills `apiVersion` and `kind` with the canonical values.
    public mutating func setTypeMeta() {
        apiVersion = Self.resourceKind.apiVersion
        kind = Self.resourceKind.kind
    }
}

/// Where an object lives: kind, namespace ("" for cluster-scoped kinds) and name.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: String
    public var namespace: String
    public var name: String

    /// Creates a key.
    public init(kind: String, namespace: String, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `namespace/name`, the workqueue key format of client-go's `MetaNamespaceKeyFunc`.
    public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    /// Orders by kind, namespace, then name.
    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.kind, lhs.namespace, lhs.name) < (rhs.kind, rhs.namespace, rhs.name)
    }
}

/// What Kubernetes discovery says about a kind.
public struct ResourceKind: Sendable, Hashable {
    public var kind: String
    public var group: String
    public var version: String
    public var plural: String
    public var singular: String
    public var shortNames: [String]
    public var namespaced: Bool
    /// Older `apiVersion`s accepted on input and converted (the seed's `extensions/v1beta1`).
    public var acceptedVersions: [String]

    /// Creates a descriptor.
    public init(
        kind: String, group: String, version: String, plural: String, shortNames: [String] = [],
        namespaced: Bool = true, acceptedVersions: [String] = []
    ) {
        self.kind = kind
        self.group = group
        self.version = version
        self.plural = plural
        self.singular = kind.lowercased()
        self.shortNames = shortNames
        self.namespaced = namespaced
        self.acceptedVersions = acceptedVersions
    }

    /// Whether the kind is served as a CustomResourceDefinition (Istio's), whose lists are atomic
    /// and which take JSON merge patches rather than strategic ones.
    public var isCustomResource: Bool { group.hasSuffix("istio.io") }

    /// `group/version`, or just `version` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `plural.group`, the form kubectl prints in `deployment.apps/x created` (singular there).
    public var qualifiedSingular: String { group.isEmpty ? singular : "\(singular).\(group)" }

    /// `plural.group` as used in `kubectl get` headers and RBAC.
    public var qualifiedPlural: String { group.isEmpty ? plural : "\(plural).\(group)" }
}
