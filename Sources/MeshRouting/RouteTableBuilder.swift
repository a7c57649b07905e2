import MeshCore

/// Compiles a `RoutingSnapshot` into an immutable `RouteTable`, as istiod's gateway code does
/// (istio `pilot/pkg/networking/core/gateway.go`, `buildGatewayHTTPRouteConfig`).
public struct RouteTableBuilder: Sendable {
    /// The input.
    public let snapshot: RoutingSnapshot

    /// Creates a builder.
    public init(snapshot: RoutingSnapshot) { self.snapshot = snapshot }

    /// Builds the table. Pure: the same snapshot always gives the same table.
    public func build() -> RouteTable {
        let registry = ServiceRegistry(snapshot: snapshot)
        let workload = snapshot.gatewayWorkloads.first ?? RoutingSnapshot.defaultGatewayWorkload
        let gateways = Self.sortedByCreation(snapshot.gateways).filter(selectsThisProxy)
        let virtualServices = Self.sortedByCreation(snapshot.virtualServices)
        var serversByPort: [Int: [(Gateway, Int, GatewayServer)]] = [:]
        for gateway in gateways {
            for (index, server) in (gateway.spec.servers ?? []).enumerated() {
                guard let number = server.port?.number, Self.isHTTP(server.port?.protocol) else { continue }
                serversByPort[snapshot.gatewayServicePorts[number] ?? number, default: []].append(
                    (gateway, index, server))
            }
        }
        var listeners: [Int: CompiledListener] = [:]
        for (port, servers) in serversByPort {
            let listener = buildListener(
                port: port, servers: servers, virtualServices: virtualServices, registry: registry, workload: workload)
            listeners[port] = listener
        }
        return RouteTable(version: snapshot.version, listeners: listeners, registry: registry)
    }

    /// Protocols that get an HTTP connection manager (HTTPS/TLS termination is out of scope).
    static func isHTTP(_ proto: String?) -> Bool {
        ["HTTP", "HTTP2", "GRPC", "GRPC-WEB"].contains((proto ?? "").uppercased())
    }

    /// Whether a Gateway's selector picks this gateway proxy (empty selector: every gateway).
    private func selectsThisProxy(_ gateway: Gateway) -> Bool {
        guard let selector = gateway.spec.selector, !selector.isEmpty else { return true }
        return snapshot.gatewayWorkloads.contains { workload in
            selector.allSatisfy { workload.labels[$0.key] == $0.value }
        }
    }

    /// Oldest first, then namespace, then name (istio `sortConfigByCreationTime`).
    static func sortedByCreation<T: KubeResource>(_ items: [T]) -> [T] {
        items.enumerated().sorted { left, right in
            let leftMeta = left.element.metadata
            let rightMeta = right.element.metadata
            return (
                leftMeta.creationTimestamp ?? "", leftMeta.namespace ?? "default", leftMeta.nameOrEmpty, left.offset
            )
                < (
                    rightMeta.creationTimestamp ?? "", rightMeta.namespace ?? "default", rightMeta.nameOrEmpty,
                    right.offset
                )
        }.map(\.element)
    }

    private func buildListener(
        port: Int, servers: [(Gateway, Int, GatewayServer)], virtualServices: [VirtualService],
        registry: ServiceRegistry, workload: GatewayWorkload
    ) -> CompiledListener {
        var hosts = VirtualHostAccumulator()
        var references: [ServerReference] = []
        for (gateway, index, server) in servers {
            let gatewayNamespace = gateway.metadata.namespace ?? "default"
            let gatewayKey = "\(gatewayNamespace)/\(gateway.metadata.nameOrEmpty)"
            let serverPort = server.port?.number ?? port
            let redirect = server.tls?.httpsRedirect ?? false
            references.append(
                ServerReference(
                    gateway: gatewayKey, index: index, port: serverPort, hosts: server.hosts ?? [],
                    httpsRedirect: redirect))
            let compiler = RouteCompiler(
                registry: registry, gatewayKey: gatewayKey, serverPort: serverPort, workload: workload)
            let serverHosts = (server.hosts ?? []).map(HostName.splitServerHost)
            for virtualService in virtualServices {
                let namespace = virtualService.metadata.namespace ?? "default"
                guard Self.bindsTo(virtualService, gatewayKey: gatewayKey),
                    HostName.isExported(virtualService.spec.exportTo, from: namespace, to: gatewayNamespace)
                else { continue }
                let admitted = serverHosts.filter { restriction, _ in
                    restriction == "*" || (restriction == "." && namespace == gatewayNamespace)
                        || restriction == namespace
                }
                var domains: [String] = []
                for vsHost in virtualService.spec.hosts ?? [] {
                    let resolved = HostName.resolve(vsHost, namespace: namespace)
                    for (_, serverHost) in admitted {
                        if let domain = HostName.intersection(server: serverHost, virtualService: resolved),
                            !domains.contains(domain)
                        {
                            domains.append(domain)
                        }
                    }
                }
                guard !domains.isEmpty else { continue }
                let routes = compiler.routes(for: virtualService)
                for domain in domains {
                    hosts.add(domain: domain, serverPort: serverPort, routes: routes, requireTLS: redirect)
                }
            }
            if redirect {
                // Why: istiod keeps an httpsRedirect vhost even when no VirtualService is bound.
                for (_, serverHost) in serverHosts where !hosts.contains(serverHost) {
                    hosts.add(domain: serverHost, serverPort: serverPort, routes: [], requireTLS: true)
                }
            }
        }
        // The real port may be keyed by the Envoy listener port (8080) or by a declared Gateway port (80).
        let localPort =
            snapshot.listenerLocalPorts[port]
            ?? references.lazy.compactMap { snapshot.listenerLocalPorts[$0.port] }.first ?? port
        return hosts.listener(
            port: port, localPort: localPort, servers: references,
            blackholePort: servers.first?.2.port?.number ?? port)
    }

    /// Whether the VirtualService lists this gateway at the top or in any match.
    static func bindsTo(_ virtualService: VirtualService, gatewayKey: String) -> Bool {
        let namespace = virtualService.metadata.namespace ?? "default"
        let top = virtualService.spec.gateways ?? ["mesh"]
        if top.contains(where: { HostName.gatewayKey($0, namespace: namespace) == gatewayKey }) { return true }
        return (virtualService.spec.http ?? []).contains { http in
            (http.match ?? []).contains { match in
                (match.gateways ?? []).contains { HostName.gatewayKey($0, namespace: namespace) == gatewayKey }
            }
        }
    }
}
