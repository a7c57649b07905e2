import MeshCore

extension Analyzer {
    /// IST0101 (gateway selector), IST0145.
    static func gatewayMessages(_ context: AnalysisContext) -> [AnalysisMessage] {
        var messages: [AnalysisMessage] = []
        let gateways = context.snapshot.gateways
        for gateway in gateways {
            let resource = ref(gateway)
            let selector = gateway.spec.selector ?? [:]
            if !selector.isEmpty {
                let selected = context.snapshot.pods.contains { pod in
                    selector.allSatisfy { pod.metadata.labels?[$0.key] == $0.value }
                }
                let workload = context.snapshot.gatewayWorkloads.contains { workload in
                    selector.allSatisfy { workload.labels[$0.key] == $0.value }
                }
                if !selected && !workload {
                    messages.append(Messages.referencedResourceNotFound(resource, "selector", selectorText(selector)))
                }
            }
            // IST0145: another Gateway, same selector and port, an identical host string.
            for server in gateway.spec.servers ?? [] {
                guard let port = server.port?.number else { continue }
                let hosts = Set(server.hosts ?? [])
                let others = gateways.filter { other in
                    ref(other) != resource && (other.spec.selector ?? [:]) == selector
                        && (other.spec.servers ?? []).contains {
                            $0.port?.number == port && !hosts.isDisjoint(with: $0.hosts ?? [])
                        }
                }
                guard !others.isEmpty else { continue }
                let names = others.map { "\($0.metadata.namespace ?? "default")/\($0.metadata.nameOrEmpty)" }.joined(
                    separator: ",")
                let shared = hosts.filter { host in
                    others.contains { ($0.spec.servers ?? []).contains { ($0.hosts ?? []).contains(host) } }
                }
                messages.append(
                    Messages.conflictingGateways(
                        resource, names, selectorText(selector), port, shared.sorted().joined(separator: ",")))
            }
        }
        return messages
    }

    /// IST0173, IST0174.
    static func destinationRuleMessages(_ context: AnalysisContext) -> [AnalysisMessage] {
        var messages: [AnalysisMessage] = []
        for rule in context.snapshot.destinationRules {
            let resource = ref(rule)
            let host = rule.spec.host ?? ""
            let fqdn = HostName.resolve(host, namespace: resource.namespace)
            guard context.hostExists(fqdn) || context.services.keys.contains(where: { HostName.covers(fqdn, $0) })
            else {
                messages.append(Messages.unknownDestinationRuleHost(resource, host))
                continue
            }
            guard let service = context.services[fqdn] else { continue }
            for subset in rule.spec.subsets ?? [] {
                // Why: istio's PodNotSelectedAnalyzer matches selector + subset labels against pods
                // of every namespace.
                let labels = (service.spec.selector ?? [:]).merging(subset.labels ?? [:]) { $1 }
                if context.pods(in: nil, matching: labels).isEmpty {
                    messages.append(Messages.subsetSelectsNoPods(resource, subset.name ?? ""))
                }
            }
        }
        return messages
    }

    /// IST0102, IST0103, IST0118.
    static func workloadMessages(_ context: AnalysisContext) -> [AnalysisMessage] {
        var messages: [AnalysisMessage] = []
        let namespaces = Dictionary(
            context.snapshot.namespaces.map { ($0.metadata.nameOrEmpty, $0) }, uniquingKeysWith: { first, _ in first })
        let podNamespaces = Set(context.snapshot.pods.map { $0.metadata.namespace ?? "default" })
        for name in podNamespaces.sorted() where !systemNamespaces.contains(name) {
            let labels = namespaces[name]?.metadata.labels ?? [:]
            if labels["istio-injection"] == nil && labels["istio.io/rev"] == nil {
                messages.append(Messages.namespaceNotInjected(name))
            }
        }
        for pod in context.snapshot.pods {
            let namespace = pod.metadata.namespace ?? "default"
            guard namespaces[namespace]?.metadata.labels?["istio-injection"] == "enabled",
                pod.spec.hostNetwork != true,
                pod.metadata.labels?["sidecar.istio.io/inject"] != "false",
                pod.metadata.annotations?["sidecar.istio.io/inject"] != "false"
            else { continue }
            let containers = pod.spec.containers + (pod.spec.initContainers ?? [])
            if !containers.contains(where: { $0.name == "istio-proxy" }) {
                messages.append(
                    Messages.podMissingProxy(
                        ResourceRef(kind: "Pod", namespace: namespace, name: pod.metadata.nameOrEmpty)))
            }
        }
        for service in context.snapshot.services
        where !systemNamespaces.contains(service.metadata.namespace ?? "default") {
            let resource = ref(service)
            for port in service.spec.ports ?? []
            where port.appProtocol == nil && !followsNamingConvention(port.name ?? "") {
                let target = port.targetPort?.description ?? String(port.port)
                messages.append(Messages.portNameConvention(resource, port.name ?? "", port.port, target))
            }
        }
        return messages
    }

    /// Istio protocol prefixes: `<proto>` or `<proto>-<suffix>`.
    static func followsNamingConvention(_ name: String) -> Bool {
        let prefixes = ["http", "http2", "https", "grpc", "grpc-web", "tcp", "tls", "mongo", "redis", "mysql", "udp"]
        let lowered = name.lowercased()
        return prefixes.contains { lowered == $0 || lowered.hasPrefix($0 + "-") }
    }

    /// `app=myapp,version=v1`, sorted.
    static func selectorText(_ selector: [String: String]) -> String {
        selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
