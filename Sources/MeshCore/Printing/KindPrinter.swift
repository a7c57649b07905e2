/// The `kubectl get` table for any kind meshsim serves, from objects as JSON.
public enum KindPrinter {
    /// Builds the table for `kind` from its objects.
    public static func table(kind: ResourceKind, items: [JSONValue], now: Double) -> Table {
        func typed<T: KubeResource>(_ type: T.Type) -> [T] { items.compactMap { try? $0.decode(T.self) } }
        switch kind.kind {
        case "Pod": return PodPrinter.table(typed(Pod.self), now: now)
        case "Deployment": return WorkloadPrinters.deployments(typed(Deployment.self), now: now)
        case "ReplicaSet": return WorkloadPrinters.replicaSets(typed(ReplicaSet.self), now: now)
        case "Service": return ServicePrinters.services(typed(Service.self), now: now)
        case "Endpoints": return ServicePrinters.endpoints(typed(Endpoints.self), now: now)
        case "Node": return ClusterPrinters.nodes(typed(Node.self), now: now)
        case "Namespace": return ClusterPrinters.namespaces(typed(Namespace.self), now: now)
        case "Event": return ClusterPrinters.events(typed(Event.self), now: now)
        default: return IstioPrinters.table(kind: kind.kind, objects: items, now: now)
        }
    }
}
