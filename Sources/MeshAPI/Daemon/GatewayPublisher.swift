import MeshControlPlane
import MeshDataPlane
import MeshRouting

/// Pushes compiled route tables into the running ingress gateway (meshsim's xDS).
public struct GatewayPublisher: RoutePublisher {
    let gateway: IngressGateway?

    /// Creates a publisher; nil means no gateway (Istio not installed or minimal profile).
    public init(gateway: IngressGateway?) { self.gateway = gateway }

    /// Swaps the gateway's router atomically.
    public func publish(_ table: RouteTable) async {
        gateway?.updateRouter(table)
    }
}
