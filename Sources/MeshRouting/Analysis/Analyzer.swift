import MeshCore

/// `istioctl analyze` as a pure function over a snapshot (reference §8).
public enum Analyzer {
    /// Namespaces istioctl skips for workload checks.
    static let systemNamespaces: Set<String> = [
        "kube-system", "kube-public", "kube-node-lease", "istio-system", "local-path-storage",
    ]

    /// Analyses `namespace` (nil: all namespaces) and returns sorted, de-duplicated messages.
    public static func analyze(_ snapshot: RoutingSnapshot, namespace: String? = nil) -> [AnalysisMessage] {
        let context = AnalysisContext(snapshot)
        var messages: [AnalysisMessage] = []
        messages += schemaErrors(snapshot)
        messages += virtualServiceMessages(context)
        messages += meshHostConflicts(context)
        messages += gatewayMessages(context)
        messages += gatewayPortsNotOnService(context)
        messages += destinationRuleMessages(context)
        messages += workloadMessages(context)
        let scoped = messages.filter { message in
            guard let namespace else { return true }
            return message.kind == "Namespace" ? message.resourceName == namespace : message.namespace == namespace
        }
        var seen = Set<String>()
        return scoped.filter { seen.insert($0.line).inserted }.sorted { left, right in
            // Why: istio `diag.Messages.Sort`: level, code, resource, then parameters.
            (left.level.rank, left.code, left.kind, left.namespace, left.resourceName, left.text)
                < (right.level.rank, right.code, right.kind, right.namespace, right.resourceName, right.text)
        }
    }

    /// The full report (messages plus output/exit-code rules).
    public static func report(_ snapshot: RoutingSnapshot, namespace: String? = nil, istioVersion: String = "1.28")
        -> AnalysisReport
    {
        AnalysisReport(
            messages: analyze(snapshot, namespace: namespace), namespace: namespace, istioVersion: istioVersion)
    }

    /// IST0106: whatever the webhook would reject.
    static func schemaErrors(_ snapshot: RoutingSnapshot) -> [AnalysisMessage] {
        var resources: [any KubeResource] = []
        resources += snapshot.gateways as [any KubeResource]
        resources += snapshot.virtualServices as [any KubeResource]
        resources += snapshot.destinationRules as [any KubeResource]
        resources += snapshot.serviceEntries as [any KubeResource]
        return resources.flatMap { resource in
            IstioValidation.validate(resource).map { Messages.schemaValidationError(ref(resource), $0.message) }
        }
    }

    static func ref(_ resource: any KubeResource) -> ResourceRef {
        ResourceRef(
            kind: type(of: resource).resourceKind.kind, namespace: resource.metadata.namespace ?? "default",
            name: resource.metadata.nameOrEmpty)
    }
}

/// Lookups shared by the analyzers.
struct AnalysisContext {
    let snapshot: RoutingSnapshot
    /// Services by FQDN.
    let services: [String: Service]
    /// ServiceEntry hosts (lower-cased) with their ports.
    let entryHosts: [String: [Int]]
    /// Gateways by `namespace/name`.
    let gateways: [String: Gateway]
    let rules: DestinationRuleIndex

    init(_ snapshot: RoutingSnapshot) {
        self.snapshot = snapshot
        services = Dictionary(
            snapshot.services.map { ($0.fqdn.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var hosts: [String: [Int]] = [:]
        for entry in snapshot.serviceEntries {
            for host in entry.spec.hosts ?? [] {
                hosts[host.lowercased(), default: []] += (entry.spec.ports ?? []).compactMap(\.number)
            }
        }
        entryHosts = hosts
        gateways = Dictionary(
            snapshot.gateways.map { ("\($0.metadata.namespace ?? "default")/\($0.metadata.nameOrEmpty)", $0) },
            uniquingKeysWith: { first, _ in first })
        rules = DestinationRuleIndex(snapshot.destinationRules)
    }

    /// Whether a resolved host is known (Service, ServiceEntry host, or covered by a wildcard SE host).
    func hostExists(_ fqdn: String) -> Bool {
        services[fqdn] != nil || entryHosts[fqdn] != nil || entryHosts.keys.contains { HostName.covers($0, fqdn) }
    }

    /// Ports of a known host.
    func ports(of fqdn: String) -> [Int]? {
        if let service = services[fqdn] { return (service.spec.ports ?? []).map(\.port) }
        return entryHosts[fqdn]
    }

    /// Subset names defined for a host by any DestinationRule that covers it.
    func subsets(of fqdn: String) -> Set<String> {
        Set(
            rules.rules.filter { HostName.covers($0.host, fqdn) }.flatMap { $0.rule.spec.subsets ?? [] }.compactMap(
                \.name))
    }

    /// Pods whose labels include `labels`, in `namespace` (nil: any namespace).
    func pods(in namespace: String?, matching labels: [String: String]) -> [Pod] {
        snapshot.pods.filter { pod in
            (namespace == nil || (pod.metadata.namespace ?? "default") == namespace) && !pod.isTerminating
                && labels.allSatisfy { pod.metadata.labels?[$0.key] == $0.value }
        }
    }
}
