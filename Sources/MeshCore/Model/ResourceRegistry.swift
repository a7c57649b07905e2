/// Every kind meshsim serves, for lookups by kind, plural or short name (`kubectl get po`).
public enum ResourceRegistry {
    /// The typed kinds, in the order `kubectl api-resources` lists core before groups.
    public static let types: [any KubeResource.Type] = [
        Namespace.self, Node.self, Pod.self, Service.self, Endpoints.self, Event.self,
        Deployment.self, ReplicaSet.self,
        Gateway.self, VirtualService.self, DestinationRule.self, ServiceEntry.self,
    ]

    /// The descriptors of every kind.
    public static var kinds: [ResourceKind] { types.map { $0.resourceKind } }

    /// The type for a `kind` value (`Deployment`).
    public static func type(forKind kind: String) -> (any KubeResource.Type)? {
        types.first { $0.resourceKind.kind == kind }
    }

    /// Resolves what a user types after `get`: kind, singular, plural, short name, or `plural.group`,
    /// case-insensitively, as kubectl's RESTMapper does.
    public static func type(forName name: String) -> (any KubeResource.Type)? {
        let lowered = name.lowercased()
        return types.first { type in
            let kind = type.resourceKind
            return kind.plural == lowered || kind.singular == lowered || kind.shortNames.contains(lowered)
                || kind.qualifiedPlural == lowered || kind.qualifiedSingular == lowered
                || kind.kind.lowercased() == lowered
        }
    }

    /// Whether `apiVersion` is served or accepted for `kind`.
    public static func accepts(apiVersion: String, for type: any KubeResource.Type) -> Bool {
        let kind = type.resourceKind
        return apiVersion == kind.apiVersion || kind.acceptedVersions.contains(apiVersion)
    }
}

/// A type-erased resource, as decoded from a manifest or read from the store.
public struct AnyResource: Sendable, Hashable {
    /// The typed object.
    public var base: any KubeResource

    /// Wraps a typed object.
    public init(_ base: any KubeResource) { self.base = base }

    /// The descriptor of the object's kind.
    public var resourceKind: ResourceKind { type(of: base).resourceKind }

    /// The store key.
    public var key: ObjectKey { base.key }

    /// Metadata.
    public var metadata: ObjectMeta {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    /// The typed value, if it is of type `T`.
    public func `as`<T: KubeResource>(_ type: T.Type) -> T? { base as? T }

    /// `kind.group/name`, as kubectl prints it in `deployment.apps/myapp created`.
    public var displayName: String { "\(resourceKind.qualifiedSingular)/\(metadata.nameOrEmpty)" }

    /// Equality by value.
    public static func == (lhs: AnyResource, rhs: AnyResource) -> Bool {
        func equal<T: KubeResource>(_ left: T) -> Bool { (rhs.base as? T) == left }
        return equal(lhs.base)
    }

    /// Hashes the underlying value.
    public func hash(into hasher: inout Hasher) { hasher.combine(base) }

    /// Encodes to a JSON tree.
    public func json() throws -> JSONValue { try JSONValue.encode(base) }

    /// Decodes a JSON tree as `type`.
    public static func decode(_ json: JSONValue, as type: any KubeResource.Type) throws -> AnyResource {
        AnyResource(try json.decode(type))
    }
}
