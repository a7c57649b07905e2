import MeshControlPlane
import MeshCore
import MeshDataPlane
import MeshRouting

/// Pushes compiled route tables into the running ingress gateway and inbound service metadata
/// into each sidecar (meshsim's xDS).
public struct GatewayPublisher: RoutePublisher {
    let gateway: IngressGateway?
    let runtime: DataPlaneRuntime?

    /// Creates a publisher; a nil gateway means none (Istio not installed or minimal profile).
    public init(gateway: IngressGateway?, runtime: DataPlaneRuntime? = nil) {
        self.gateway = gateway
        self.runtime = runtime
    }

    /// Swaps the gateway's router atomically.
    public func publish(_ table: RouteTable) async {
        gateway?.updateRouter(table)
    }

    /// Swaps the router, then tells every sidecar which Services' endpoints include its pod.
    public func publish(_ table: RouteTable, snapshot: RoutingSnapshot) async {
        gateway?.updateRouter(table)
        guard let runtime else { return }
        var hosts: [ObjectKey: [String]] = [:]
        for service in snapshot.endpoints {
            let fqdn = "\(service.service).\(service.namespace).svc.cluster.local"
            for endpoint in service.endpoints {
                hosts[ObjectKey(kind: "Pod", namespace: endpoint.namespace, name: endpoint.podName), default: []]
                    .append(fqdn)
            }
        }
        for (key, server) in runtime.allServers {
            server.sidecar?.setInboundServices(Set(hosts[key] ?? []).sorted())
        }
    }
}
