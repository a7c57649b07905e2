import MeshCore

extension Analyzer {
    /// IST0109: VirtualServices bound to the mesh gateway (no `gateways`, or `mesh` listed) that
    /// define the same host in the same export scope; each of them is reported.
    ///
    /// Why: istiod merges only gateway-bound VirtualServices; for sidecars two of them for one host
    /// is undefined behaviour, and istio's `ConflictingMeshGatewayHostsAnalyzer` reports it as
    /// `*/host.ns.svc.cluster.local` (scope, then the fully qualified host).
    static func meshHostConflicts(_ context: AnalysisContext) -> [AnalysisMessage] {
        var byScopedHost: [String: [ResourceRef]] = [:]
        for virtualService in context.snapshot.virtualServices {
            let gateways = virtualService.spec.gateways ?? []
            guard gateways.isEmpty || gateways.contains("mesh") else { continue }
            let resource = ref(virtualService)
            let exportTo = virtualService.spec.exportTo ?? []
            let scopes =
                exportTo.isEmpty || exportTo.contains("*")
                ? ["*"] : Set(exportTo.map { $0 == "." ? resource.namespace : $0 }).sorted()
            for scope in scopes {
                for host in Set(virtualService.spec.hosts ?? []) {
                    let key = scope + "/" + HostName.resolve(host, namespace: resource.namespace)
                    byScopedHost[key, default: []].append(resource)
                }
            }
        }
        var messages: [AnalysisMessage] = []
        for (host, resources) in byScopedHost where resources.count > 1 {
            let names = resources.map { "\($0.namespace)/\($0.name)" }.sorted().joined(separator: ",")
            messages += resources.map { Messages.conflictingMeshGatewayHosts($0, names, host) }
        }
        return messages
    }

    /// IST0162: a Gateway server port that no Service in front of the selected gateway pods has as
    /// its `port` or `targetPort`, so clients of that Service cannot reach it.
    static func gatewayPortsNotOnService(_ context: AnalysisContext) -> [AnalysisMessage] {
        var messages: [AnalysisMessage] = []
        for gateway in context.snapshot.gateways {
            let selector = gateway.spec.selector ?? [:]
            guard !selector.isEmpty else { continue }
            let pods = context.snapshot.pods.filter { pod in
                selector.allSatisfy { pod.metadata.labels?[$0.key] == $0.value }
            }
            guard !pods.isEmpty else { continue }  // IST0101 already says the selector finds nothing
            var ports = Set<Int>()
            for pod in pods {
                let labels = pod.metadata.labels ?? [:]
                for service in context.snapshot.services
                where service.metadata.namespace == pod.metadata.namespace {
                    guard let podSelector = service.spec.selector, !podSelector.isEmpty,
                        podSelector.allSatisfy({ labels[$0.key] == $0.value })
                    else { continue }
                    for port in service.spec.ports ?? [] where (port.protocol_ ?? "TCP") == "TCP" {
                        ports.insert(port.port)
                        if case .int(let target)? = port.targetPort { ports.insert(target) }
                    }
                }
            }
            for server in gateway.spec.servers ?? [] {
                guard let number = server.port?.number, !ports.contains(number) else { continue }
                messages.append(Messages.gatewayPortNotDefinedOnService(ref(gateway), number, selectorText(selector)))
            }
        }
        return messages
    }
}
