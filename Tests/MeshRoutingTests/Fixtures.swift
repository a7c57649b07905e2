import MeshCore
import MeshRouting

/// Small builders for routing tests, in the style of Istio's simulation tests (config in, call, result out).
enum Fixture {
    static func service(
        _ name: String, namespace: String = "default", ports: [Int] = [80], selector: [String: String]? = nil
    ) -> Service {
        Service(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: ServiceSpec(
                selector: selector ?? ["app": name],
                ports: ports.map { ServicePort(name: "http-\($0)", port: $0, targetPort: .int(9000 + $0 % 1000)) }))
    }

    static func endpoint(
        _ pod: String, version: String, app: String = "myapp", localPort: Int, namespace: String = "default"
    )
        -> UpstreamEndpoint
    {
        UpstreamEndpoint(
            address: "10.244.0.\(localPort % 200)", port: 9080, localPort: localPort, podName: pod,
            namespace: namespace, workload: "\(app)-\(version)", labels: ["app": app, "version": version])
    }

    static func gateway(
        _ name: String = "app-gateway", namespace: String = "default", port: Int = 80, hosts: [String] = ["*"],
        selector: [String: String]? = ["istio": "ingressgateway"], httpsRedirect: Bool = false
    ) -> Gateway {
        Gateway(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: GatewaySpec(
                servers: [
                    GatewayServer(
                        port: IstioPort(number: port, protocol: "HTTP", name: "http-\(port)"), hosts: hosts,
                        tls: httpsRedirect ? ServerTLSSettings(httpsRedirect: true) : nil)
                ], selector: selector))
    }

    static func virtualService(
        _ name: String = "myapp", namespace: String = "default", hosts: [String] = ["*"],
        gateways: [String]? = ["app-gateway"], http: [HTTPRoute], created: String? = nil
    ) -> VirtualService {
        var meta = ObjectMeta(name: name, namespace: namespace)
        meta.creationTimestamp = created
        return VirtualService(metadata: meta, spec: VirtualServiceSpec(hosts: hosts, gateways: gateways, http: http))
    }

    static func destinationRule(
        _ name: String = "myapp", namespace: String = "default", host: String = "myapp",
        subsets: [String] = ["v1", "v2"]
    ) -> DestinationRule {
        DestinationRule(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: DestinationRuleSpec(host: host, subsets: subsets.map { Subset(name: $0, labels: ["version": $0]) }))
    }

    static func to(_ host: String, subset: String? = nil, port: Int? = nil, weight: Int? = nil) -> HTTPRouteDestination
    {
        HTTPRouteDestination(destination: Destination(host: host, subset: subset, port: port), weight: weight)
    }

    /// The seed tutorial: Gateway app-gateway `*`, DR myapp v1/v2, VS myapp 50/50, one pod per version.
    static func seed(v2Pods: Int = 1) -> RoutingSnapshot {
        var endpoints = [endpoint("myapp-v1-abc", version: "v1", localPort: 31001)]
        for index in 0..<v2Pods {
            endpoints.append(endpoint("myapp-v2-\(index)", version: "v2", localPort: 31100 + index))
        }
        return RoutingSnapshot(
            gateways: [gateway()],
            virtualServices: [
                virtualService(http: [
                    HTTPRoute(route: [to("myapp", subset: "v1", weight: 50), to("myapp", subset: "v2", weight: 50)])
                ])
            ],
            destinationRules: [destinationRule()], services: [service("myapp")],
            endpoints: [ServiceEndpoints(namespace: "default", service: "myapp", endpoints: endpoints)])
    }

    /// A snapshot with one Service myapp (pods v1+v2) and the given VirtualServices on app-gateway.
    static func snapshot(_ virtualServices: [VirtualService], gateways: [Gateway] = [gateway()]) -> RoutingSnapshot {
        var snapshot = seed()
        snapshot.virtualServices = virtualServices
        snapshot.gateways = gateways
        return snapshot
    }

    static func request(
        _ path: String, host: String = "localhost:8080", port: Int = 8080, method: String = "GET",
        headers: [(name: String, value: String)] = []
    ) -> RoutingRequest {
        RoutingRequest(listenerPort: port, method: method, path: path, authority: host, headers: headers)
    }
}

extension RouteTable {
    /// Decides with a fixed seed.
    func decide(_ request: RoutingRequest, seed: UInt64 = 1) -> RouteDecision {
        var random = SeededGenerator(seed: seed)
        return decide(request, random: &random)
    }
}

extension RouteDecision {
    var forward: ForwardAction? {
        if case .forward(let action) = self { return action }
        return nil
    }
    var reply: LocalReply? {
        if case .local(let reply) = self { return reply }
        return nil
    }
    /// Status the client sees for local replies, 200 marker for forwards.
    var statusAndFlag: String {
        switch self {
        case .forward(let action): return "forward \(action.cluster.name)"
        case .local(let reply): return "\(reply.status) \(reply.responseFlags)"
        }
    }
}
