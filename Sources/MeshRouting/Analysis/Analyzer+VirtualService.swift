import MeshCore

extension Analyzer {
    /// IST0101 (host, host:port, host+subset, mirror, gateway), IST0112, IST0130/0131, IST0132.
    static func virtualServiceMessages(_ context: AnalysisContext) -> [AnalysisMessage] {
        var messages: [AnalysisMessage] = []
        for virtualService in context.snapshot.virtualServices {
            let resource = ref(virtualService)
            let namespace = resource.namespace
            for route in virtualService.spec.http ?? [] {
                for weighted in route.route ?? [] {
                    if let destination = weighted.destination {
                        messages += destinationMessages(
                            destination, namespace: namespace, resource: resource, context, mirror: false)
                    }
                }
                var mirrors = (route.mirrors ?? []).compactMap(\.destination)
                if let mirror = route.mirror { mirrors.append(mirror) }
                for mirror in mirrors {
                    messages += destinationMessages(
                        mirror, namespace: namespace, resource: resource, context, mirror: true)
                }
            }
            messages += gatewayReferenceMessages(virtualService, resource: resource, context)
            messages += unreachableRuleMessages(virtualService.spec.http ?? [], resource: resource)
        }
        return messages
    }

    private static func destinationMessages(
        _ destination: Destination, namespace: String, resource: ResourceRef, _ context: AnalysisContext, mirror: Bool
    ) -> [AnalysisMessage] {
        let host = destination.host ?? ""
        let fqdn = HostName.resolve(host, namespace: namespace)
        guard context.hostExists(fqdn) else {
            return [Messages.referencedResourceNotFound(resource, mirror ? "mirror host" : "host", host)]
        }
        var messages: [AnalysisMessage] = []
        let ports = context.ports(of: fqdn) ?? []
        if let port = destination.port?.number {
            if !ports.isEmpty && !ports.contains(port) {
                messages.append(
                    Messages.referencedResourceNotFound(
                        resource, mirror ? "mirror host:port" : "host:port", "\(host):\(port)"))
            }
        } else if ports.count > 1, context.services[fqdn] != nil {
            messages.append(Messages.portSelectorRequired(resource, host, ports))
        }
        if let subset = destination.subset, !context.subsets(of: fqdn).contains(subset) {
            let what = mirror ? "mirror+subset in destinationrule" : "host+subset in destinationrule"
            messages.append(Messages.referencedResourceNotFound(resource, what, "\(host)+\(subset)"))
        }
        return messages
    }

    private static func gatewayReferenceMessages(
        _ virtualService: VirtualService, resource: ResourceRef, _ context: AnalysisContext
    ) -> [AnalysisMessage] {
        var messages: [AnalysisMessage] = []
        var references = virtualService.spec.gateways ?? []
        for route in virtualService.spec.http ?? [] {
            for match in route.match ?? [] { references += match.gateways ?? [] }
        }
        var seen = Set<String>()
        for reference in references where reference != "mesh" && seen.insert(reference).inserted {
            let key = HostName.gatewayKey(reference, namespace: resource.namespace)
            guard let gateway = context.gateways[key] else {
                messages.append(Messages.referencedResourceNotFound(resource, "gateway", reference))
                continue
            }
            // IST0132: VS hosts no server host covers.
            let serverHosts = (gateway.spec.servers ?? []).flatMap { $0.hosts ?? [] }.map(HostName.splitServerHost)
            let missing = (virtualService.spec.hosts ?? []).filter { host in
                let fqdn = HostName.resolve(host, namespace: resource.namespace)
                return !serverHosts.contains { HostName.intersection(server: $0.dnsName, virtualService: fqdn) != nil }
            }
            if !missing.isEmpty { messages.append(Messages.hostNotFoundInGateway(resource, missing, key)) }
        }
        return messages
    }

    /// istio `analyzeUnreachableHTTPRules`: later rules after a match-less one, duplicated matches.
    static func unreachableRuleMessages(_ routes: [HTTPRoute], resource: ResourceRef) -> [AnalysisMessage] {
        var messages: [AnalysisMessage] = []
        var encountered: [HTTPMatchRequest: Int] = [:]
        var emptyMatchAt: Int?
        func ruleName(_ index: Int) -> String { routes[index].name.map { Messages.goQuote($0) } ?? "#\(index)" }
        for (index, route) in routes.enumerated() {
            let matches = route.match ?? []
            if matches.isEmpty {
                if emptyMatchAt != nil {
                    messages.append(
                        Messages.unreachableRule(resource, ruleName(index), "only the last rule can have no matches"))
                }
                emptyMatchAt = index
                continue
            }
            var duplicates = 0
            for (matchIndex, match) in matches.enumerated() {
                if emptyMatchAt != nil {
                    messages.append(
                        Messages.unreachableRule(resource, ruleName(index), "route without matches defined before"))
                    continue
                }
                var key = match
                key.name = nil
                if let earlier = encountered[key] {
                    let matchName = match.name.map { Messages.goQuote($0) } ?? "#\(matchIndex)"
                    messages.append(Messages.ineffectiveMatch(resource, ruleName(index), matchName, ruleName(earlier)))
                    duplicates += 1
                    continue
                }
                encountered[key] = index
            }
            if duplicates == matches.count {
                messages.append(Messages.unreachableRule(resource, ruleName(index), "all matches used by prior rules"))
            }
        }
        return messages
    }
}
