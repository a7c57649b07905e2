/// The `kubectl get` table for any kind meshsim serves, from objects as JSON.
public enum KindPrinter {
    /// Builds the table for `kind` from its objects.
    public static func table(kind: ResourceKind, items: [JSONValue], now: Double) -> Table {
        guard let type = ResourceRegistry.type(forKind: kind.kind), kind.group != "networking.istio.io" else {
            return IstioPrinters.table(kind: kind.kind, objects: items, now: now)
        }
        return table(kind: kind, objects: items.compactMap { try? AnyResource.decode($0, as: type) }, now: now)
    }
}

extension KindPrinter {
    /// Builds the table from typed objects (no JSON round trip for built-in kinds).
    public static func table(kind: ResourceKind, objects: [AnyResource], now: Double) -> Table {
        func typed<T: KubeResource>(_ type: T.Type) -> [T] { objects.compactMap { $0.base as? T } }
        switch kind.kind {
        case "Pod": return PodPrinter.table(typed(Pod.self), now: now)
        case "Deployment": return WorkloadPrinters.deployments(typed(Deployment.self), now: now)
        case "ReplicaSet": return WorkloadPrinters.replicaSets(typed(ReplicaSet.self), now: now)
        case "Service": return ServicePrinters.services(typed(Service.self), now: now)
        case "Endpoints": return ServicePrinters.endpoints(typed(Endpoints.self), now: now)
        case "Node": return ClusterPrinters.nodes(typed(Node.self), now: now)
        case "Namespace": return ClusterPrinters.namespaces(typed(Namespace.self), now: now)
        case "Event": return ClusterPrinters.events(typed(Event.self), now: now)
        default: return IstioPrinters.table(kind: kind.kind, objects: objects.compactMap { try? $0.json() }, now: now)
        }
    }

    /// The `PartialObjectMetadata` kubectl needs per row (namespace column, labels), built directly.
    public static func partialMetadata(_ metadata: ObjectMeta) -> JSONValue {
        var members: [String: JSONValue] = [:]
        if let name = metadata.name { members["name"] = .string(name) }
        if let namespace = metadata.namespace { members["namespace"] = .string(namespace) }
        if let uid = metadata.uid { members["uid"] = .string(uid) }
        if let version = metadata.resourceVersion { members["resourceVersion"] = .string(version) }
        if let created = metadata.creationTimestamp { members["creationTimestamp"] = .string(created) }
        if let labels = metadata.labels { members["labels"] = .object(labels.mapValues(JSONValue.string)) }
        if let annotations = metadata.annotations {
            members["annotations"] = .object(annotations.mapValues(JSONValue.string))
        }
        return .object([
            "kind": .string("PartialObjectMetadata"), "apiVersion": .string("meta.k8s.io/v1"),
            "metadata": .object(members),
        ])
    }
}
