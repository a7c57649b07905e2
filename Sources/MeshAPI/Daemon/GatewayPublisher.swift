import MeshControlPlane
import MeshCore
import MeshDataPlane
import MeshRouting

/// Pushes compiled route tables into the running ingress gateway and inbound service metadata
/// into each sidecar (meshsim's xDS).
public struct GatewayPublisher: RoutePublisher {
    let gateway: IngressGateway
    let runtime: DataPlaneRuntime

    /// Creates a publisher for the daemon's gateway (its listener opens when a gateway pod runs).
    public init(gateway: IngressGateway, runtime: DataPlaneRuntime) {
        self.gateway = gateway
        self.runtime = runtime
    }

    /// Swaps the router atomically, then tells every sidecar which Services' endpoints include its pod.
    public func publish(_ table: RouteTable, snapshot: RoutingSnapshot) async {
        gateway.updateRouter(table)
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
