import MeshCore

extension RouteCompiler {
    /// A destination resolved against the registry.
    struct ResolvedDestination {
        let info: DestinationInfo
        let port: Int
        let cluster: UpstreamCluster?
        /// Plain-words reason when the cluster is missing (503 NC).
        let failure: String?
    }

    /// Resolves host (§1.4), port (Istio `GetDestinationCluster`) and subset to a cluster.
    func resolve(_ destination: Destination?, namespace: String, virtualService: VirtualService) -> ResolvedDestination
    {
        let rawHost = destination?.host ?? ""
        let fqdn = HostName.resolve(rawHost, namespace: namespace)
        let subset = destination?.subset
        let record = registry.record(fqdn)
        // Why: without `port.number`, a single-port service uses its port; otherwise the gateway
        // server's port is used, which then has to exist on the service.
        let port = destination?.port?.number ?? (record?.ports.count == 1 ? record!.ports[0] : serverPort)
        let clusterName = ServiceRegistry.clusterName(port: port, subset: subset, host: fqdn)
        let info = DestinationInfo(
            serviceHost: fqdn, serviceName: record?.name ?? Self.shortName(fqdn),
            serviceNamespace: record?.namespace ?? Self.namespaceOf(fqdn, fallback: namespace), subset: subset,
            clusterName: clusterName)
        let cluster = registry.cluster(clusterName)
        var failure: String?
        if cluster == nil {
            failure = explainMissing(
                rawHost: rawHost, fqdn: fqdn, record: record, port: port, explicitPort: destination?.port?.number,
                subset: subset, virtualService: virtualService)
        }
        return ResolvedDestination(info: info, port: port, cluster: cluster, failure: failure)
    }

    private func explainMissing(
        rawHost: String, fqdn: String, record: ServiceRegistry.Record?, port: Int, explicitPort: Int?, subset: String?,
        virtualService: VirtualService
    ) -> String {
        let vs = "VirtualService \(virtualService.metadata.nameOrEmpty)"
        guard let record else {
            if !rawHost.contains(".") {
                let namespace = virtualService.metadata.namespace ?? "default"
                return
                    "\(vs) routes to host \(rawHost), but no Service or ServiceEntry named \(rawHost) exists in namespace \(namespace)"
            }
            return "\(vs) routes to host \(rawHost), but no Service or ServiceEntry has the host \(fqdn)"
        }
        let kind = record.fromServiceEntry ? "ServiceEntry host" : "Service"
        let ports = record.ports.map(String.init).joined(separator: ", ")
        if !record.ports.contains(port) {
            if explicitPort == nil {
                return
                    "\(vs) routes to \(kind) \(record.name) without a port; it exposes several ports (\(ports)) and none is the gateway port \(port)"
            }
            return
                "\(vs) routes to port \(port), but \(kind) \(record.name) in namespace \(record.namespace) only exposes port(s) \(ports)"
        }
        let subsetName = subset ?? ""
        if let rule = registry.ruleNames[fqdn] {
            return
                "\(vs) routes to subset \(subsetName) of \(fqdn), but DestinationRule \(rule) defines no subset \(subsetName)"
        }
        return "\(vs) routes to subset \(subsetName) of \(fqdn), but no DestinationRule for \(fqdn) exists"
    }

    /// `myapp` from `myapp.default.svc.cluster.local`.
    static func shortName(_ fqdn: String) -> String {
        fqdn.hasSuffix(".svc.cluster.local") ? String(fqdn.split(separator: ".")[0]) : fqdn
    }

    static func namespaceOf(_ fqdn: String, fallback: String) -> String {
        let parts = fqdn.split(separator: ".")
        return fqdn.hasSuffix(".svc.cluster.local") && parts.count >= 2 ? String(parts[1]) : fallback
    }
}
