import MeshCore

/// A Kubernetes REST path, parsed: `/api/v1/namespaces/default/pods/x/status`.
public struct ResourcePath: Sendable, Hashable {
    public var group: String
    public var version: String
    public var namespace: String?
    public var plural: String
    public var name: String?
    public var subresource: String?

    /// Parses a path; nil when it is not a resource path.
    public init?(_ path: String) {
        var parts = path.split(separator: "/").map(String.init)
        if parts.first == "api", parts.count >= 2 {
            group = ""
            version = parts[1]
            parts.removeFirst(2)
        } else if parts.first == "apis", parts.count >= 3 {
            group = parts[1]
            version = parts[2]
            parts.removeFirst(3)
        } else {
            return nil
        }
        if parts.first == "namespaces", parts.count >= 3 {
            namespace = parts[1]
            parts.removeFirst(2)
        }
        guard let plural = parts.first else { return nil }
        self.plural = plural
        name = parts.count > 1 ? parts[1] : nil
        subresource = parts.count > 2 ? parts[2...].joined(separator: "/") : nil
        if parts.count > 3 { return nil }
    }

    /// The kind this path names, if meshsim serves it at this group/version.
    public var type: (any KubeResource.Type)? {
        ResourceRegistry.types.first { type in
            let kind = type.resourceKind
            guard kind.plural == plural, kind.group == group else { return false }
            return kind.version == version
                || kind.acceptedVersions.contains(kind.group.isEmpty ? version : "\(group)/\(version)")
        }
    }
}
