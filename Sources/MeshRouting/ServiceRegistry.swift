import MeshCore

/// The service registry istiod builds from Services and ServiceEntries, with every Envoy cluster
/// (`outbound|port|subset|host`) and its endpoints and traffic policy.
struct ServiceRegistry: Sendable {
    /// One registry entry (a Kubernetes Service or a ServiceEntry host).
    struct Record: Sendable {
        let fqdn: String
        let name: String
        let namespace: String
        let ports: [Int]
        let fromServiceEntry: Bool
    }

    private(set) var records: [String: Record] = [:]
    private(set) var clusters: [String: UpstreamCluster] = [:]
    /// Subset names per host (from the DestinationRule that applies to the host).
    private(set) var subsets: [String: [String]] = [:]
    /// DestinationRule used per host, for explain.
    private(set) var ruleNames: [String: String] = [:]

    init(snapshot: RoutingSnapshot) {
        var endpointsByService: [String: [ServiceEndpoints]] = [:]
        for entry in snapshot.endpoints {
            endpointsByService["\(entry.namespace)/\(entry.service)", default: []].append(entry)
        }
        let proxyNamespace = (snapshot.gatewayWorkloads.first ?? RoutingSnapshot.defaultGatewayWorkload).namespace
        let rules = DestinationRuleIndex(snapshot.destinationRules, proxyNamespace: proxyNamespace)
        for service in snapshot.services {
            let namespace = service.metadata.namespace ?? "default"
            let fqdn = service.fqdn.lowercased()
            let entries = endpointsByService["\(namespace)/\(service.metadata.nameOrEmpty)"] ?? []
            var ports: [(Int, [UpstreamEndpoint])] = []
            for port in service.spec.ports ?? [] {
                let matching = entries.filter { $0.port == port.port }
                let endpoints = (matching.isEmpty ? entries.filter { $0.port == nil } : matching).flatMap(\.endpoints)
                    .compactMap { Self.resolveTargetPort($0, servicePort: port) }
                ports.append((port.port, endpoints))
            }
            add(
                Record(
                    fqdn: fqdn, name: service.metadata.nameOrEmpty, namespace: namespace, ports: ports.map(\.0),
                    fromServiceEntry: false),
                ports: ports, rules: rules)
        }
        for entry in snapshot.serviceEntries {
            let namespace = entry.metadata.namespace ?? "default"
            for host in entry.spec.hosts ?? [] where records[host.lowercased()] == nil {
                let ports = (entry.spec.ports ?? []).compactMap { port -> (Int, [UpstreamEndpoint])? in
                    guard let number = port.number else { return nil }
                    return (number, Self.serviceEntryEndpoints(entry, host: host, port: port, namespace: namespace))
                }
                add(
                    Record(
                        fqdn: host.lowercased(), name: host, namespace: namespace, ports: ports.map(\.0),
                        fromServiceEntry: true),
                    ports: ports, rules: rules)
            }
        }
    }

    /// The registry entry for a resolved host.
    func record(_ fqdn: String) -> Record? { records[fqdn] }

    /// The cluster called `name`, if it exists.
    func cluster(_ name: String) -> UpstreamCluster? { clusters[name] }

    /// Envoy's cluster name.
    static func clusterName(port: Int, subset: String?, host: String) -> String {
        "outbound|\(port)|\(subset ?? "")|\(host)"
    }

    private mutating func add(_ record: Record, ports: [(Int, [UpstreamEndpoint])], rules: DestinationRuleIndex) {
        records[record.fqdn] = record
        let rule = rules.rule(for: record.fqdn, serviceNamespace: record.namespace)
        if let rule {
            subsets[record.fqdn] = (rule.spec.subsets ?? []).compactMap(\.name)
            ruleNames[record.fqdn] = "\(rule.metadata.namespace ?? "default")/\(rule.metadata.nameOrEmpty)"
        }
        for (port, endpoints) in ports {
            let name = Self.clusterName(port: port, subset: nil, host: record.fqdn)
            let policy = TrafficPolicyMapping.effective(rule: rule, subset: nil, port: port)
            clusters[name] = TrafficPolicyMapping.cluster(name: name, endpoints: endpoints, policy: policy)
            for subset in rule?.spec.subsets ?? [] {
                guard let subsetName = subset.name else { continue }
                let selector = subset.labels ?? [:]
                let selected = endpoints.filter { endpoint in
                    selector.allSatisfy { endpoint.labels[$0.key] == $0.value }
                }
                let subsetCluster = Self.clusterName(port: port, subset: subsetName, host: record.fqdn)
                let subsetPolicy = TrafficPolicyMapping.effective(rule: rule, subset: subset, port: port)
                clusters[subsetCluster] = TrafficPolicyMapping.cluster(
                    name: subsetCluster, endpoints: selected, policy: subsetPolicy)
            }
        }
    }

    /// Kubernetes `targetPort` resolution: a number, or the name of a container port (a pod that does
    /// not declare that name is not an endpoint of this Service port). A port the pod does not serve
    /// stays an endpoint, as in Kubernetes, but connecting to it is refused; a pod with a sidecar
    /// is reached on any port (the sidecar intercepts them all and refuses itself). Endpoints
    /// without port maps are taken as given.
    static func resolveTargetPort(_ endpoint: UpstreamEndpoint, servicePort: ServicePort) -> UpstreamEndpoint? {
        guard !endpoint.localPorts.isEmpty || !endpoint.namedPorts.isEmpty else { return endpoint }
        let target: Int
        switch servicePort.targetPort {
        case .string(let name)?:
            guard let number = endpoint.namedPorts[name] ?? Int(name) else { return nil }
            target = number
        case .int(let number)?:
            target = number
        case nil:
            target = servicePort.port
        }
        return endpoint.with(port: target, localPort: endpoint.localPort(forPodPort: target))
    }

    /// ServiceEntry endpoints: STATIC addresses, or the host itself for DNS resolution. A loopback
    /// address means "a local server on that port" (how the gateway fronts any loopback server).
    static func serviceEntryEndpoints(
        _ entry: ServiceEntry, host: String, port: IstioPort, namespace: String
    ) -> [UpstreamEndpoint] {
        let number = port.number ?? 0
        let target = port.targetPort ?? number
        let declared = entry.spec.endpoints ?? []
        if declared.isEmpty {
            let resolution = entry.spec.resolution ?? "NONE"
            guard resolution.hasPrefix("DNS") || host == "localhost" else { return [] }
            let address = host == "localhost" ? "127.0.0.1" : host
            return [
                UpstreamEndpoint(
                    address: address, port: target, localHost: address, localPort: target, namespace: namespace)
            ]
        }
        return declared.compactMap { endpoint in
            guard let address = endpoint.address else { return nil }
            let endpointPort = port.name.flatMap { endpoint.ports?[$0] } ?? target
            let local = address == "localhost" ? "127.0.0.1" : address
            return UpstreamEndpoint(
                address: address, port: endpointPort, localHost: local, localPort: endpointPort,
                namespace: namespace, workload: entry.metadata.nameOrEmpty, labels: endpoint.labels ?? [:])
        }
    }
}
