import MeshCore

/// Everything the "pilot" needs to compile the ingress gateway's routes: the config store's Istio and
/// Kubernetes objects plus the data plane's facts (ready endpoints, gateway pods, port mapping).
public struct RoutingSnapshot: Sendable {
    /// Istio Gateways (all namespaces).
    public var gateways: [Gateway]
    /// VirtualServices; merged in creation order (oldest first), as istiod does.
    public var virtualServices: [VirtualService]
    /// DestinationRules.
    public var destinationRules: [DestinationRule]
    /// ServiceEntries (STATIC endpoints at `127.0.0.1:N` front local servers).
    public var serviceEntries: [ServiceEntry]
    /// Kubernetes Services.
    public var services: [Service]
    /// Ready endpoints per Service (and optionally per Service port).
    public var endpoints: [ServiceEndpoints]
    /// Pods, for the analyzer (IST0103, IST0173, gateway selectors).
    public var pods: [Pod]
    /// Namespaces, for the analyzer (IST0102).
    public var namespaces: [Namespace]
    /// The gateway proxy pods this table is for (Gateway `selector`s are matched against them).
    public var gatewayWorkloads: [GatewayWorkload]
    /// The gateway Service's `port → targetPort` (80 → 8080): Gateway port numbers that equal a
    /// Service port listen on its targetPort (reference §2.2).
    public var gatewayServicePorts: [Int: Int]
    /// Envoy listener port → real local port the data plane bound (identity when absent).
    public var listenerLocalPorts: [Int: Int]
    /// Config revision the table is built from.
    public var version: Int

    /// The standard `istio-ingressgateway` pod in `istio-system`.
    public static let defaultGatewayWorkload = GatewayWorkload(
        namespace: "istio-system", labels: ["app": "istio-ingressgateway", "istio": "ingressgateway"])

    /// The `istio-ingressgateway` Service ports: status 15021, http2 80→8080, https 443→8443.
    public static let defaultGatewayServicePorts = [15021: 15021, 80: 8080, 443: 8443]

    /// Creates a snapshot; every list defaults to empty.
    public init(
        gateways: [Gateway] = [], virtualServices: [VirtualService] = [], destinationRules: [DestinationRule] = [],
        serviceEntries: [ServiceEntry] = [], services: [Service] = [], endpoints: [ServiceEndpoints] = [],
        pods: [Pod] = [], namespaces: [Namespace] = [],
        gatewayWorkloads: [GatewayWorkload] = [RoutingSnapshot.defaultGatewayWorkload],
        gatewayServicePorts: [Int: Int] = RoutingSnapshot.defaultGatewayServicePorts,
        listenerLocalPorts: [Int: Int] = [:], version: Int = 0
    ) {
        self.gateways = gateways
        self.virtualServices = virtualServices
        self.destinationRules = destinationRules
        self.serviceEntries = serviceEntries
        self.services = services
        self.endpoints = endpoints
        self.pods = pods
        self.namespaces = namespaces
        self.gatewayWorkloads = gatewayWorkloads
        self.gatewayServicePorts = gatewayServicePorts
        self.listenerLocalPorts = listenerLocalPorts
        self.version = version
    }
}
