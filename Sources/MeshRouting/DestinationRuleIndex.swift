import MeshCore

/// Finds the DestinationRule for a host the way istiod does for a proxy: the proxy's own namespace
/// (the gateway's), then the Service's namespace, then the root namespace `istio-system`; within a
/// namespace an exact host beats a wildcard. DRs in any other namespace do not apply.
struct DestinationRuleIndex: Sendable {
    let rules: [(host: String, namespace: String, rule: DestinationRule)]
    /// The namespace of the proxy the rules are looked up for.
    let proxyNamespace: String

    init(_ rules: [DestinationRule], proxyNamespace: String = "istio-system") {
        self.proxyNamespace = proxyNamespace
        self.rules = rules.map { rule in
            let namespace = rule.metadata.namespace ?? "default"
            return (HostName.resolve(rule.spec.host ?? "", namespace: namespace), namespace, rule)
        }
    }

    func rule(for fqdn: String, serviceNamespace: String) -> DestinationRule? {
        let order = [proxyNamespace, serviceNamespace, "istio-system"]
        func rank(_ entry: (host: String, namespace: String, rule: DestinationRule)) -> Int {
            (order.firstIndex(of: entry.namespace) ?? 99) * 10 + (entry.host == fqdn ? 0 : 1)
        }
        let candidates = rules.filter { HostName.covers($0.host, fqdn) && order.contains($0.namespace) }
        guard let best = candidates.min(by: { rank($0) < rank($1) }) else { return nil }
        // Why: istiod merges DRs for the same host in the same namespace; the first wins on conflicts.
        var merged = best.rule
        var names = Set((merged.spec.subsets ?? []).compactMap(\.name))
        for other in candidates where other.host == best.host && other.namespace == best.namespace {
            guard other.rule != best.rule else { continue }
            merged.spec.trafficPolicy = merged.spec.trafficPolicy ?? other.rule.spec.trafficPolicy
            for subset in other.rule.spec.subsets ?? [] where names.insert(subset.name ?? "").inserted {
                merged.spec.subsets = (merged.spec.subsets ?? []) + [subset]
            }
        }
        return merged
    }
}
