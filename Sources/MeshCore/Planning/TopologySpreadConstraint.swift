/// One `spec.topologySpreadConstraints[]` entry, parsed from the pass-through pod spec JSON.
///
/// Why: copies `v1.TopologySpreadConstraint` as kube-scheduler's PodTopologySpread plugin reads it
/// (`filterTopologySpreadConstraints`): a nil labelSelector selects nothing, `matchLabelKeys` adds
/// the pod's own values for those keys to the selector, nodeAffinityPolicy defaults to Honor and
/// nodeTaintsPolicy to Ignore.
public struct TopologySpreadConstraint: Sendable, Hashable {
    /// The largest allowed difference between the most and least populated domains.
    public var maxSkew: Int
    /// The node label whose values are the domains (`kubernetes.io/hostname`).
    public var topologyKey: String
    /// `DoNotSchedule` (a filter) or `ScheduleAnyway` (a score).
    public var whenUnsatisfiable: String
    /// Which pods count; nil counts none.
    public var selector: LabelSelector?
    /// Fewer eligible domains than this make the global minimum 0.
    public var minDomains: Int?
    /// `Honor` (default): only nodes matching the pod's nodeSelector/affinity count; `Ignore`: all.
    public var nodeAffinityPolicy: String
    /// `Ignore` (default): tainted nodes count; `Honor`: only nodes whose taints the pod tolerates.
    public var nodeTaintsPolicy: String

    /// Creates a constraint.
    public init(
        maxSkew: Int, topologyKey: String, whenUnsatisfiable: String, selector: LabelSelector?,
        minDomains: Int? = nil, nodeAffinityPolicy: String = "Honor", nodeTaintsPolicy: String = "Ignore"
    ) {
        self.maxSkew = maxSkew
        self.topologyKey = topologyKey
        self.whenUnsatisfiable = whenUnsatisfiable
        self.selector = selector
        self.minDomains = minDomains
        self.nodeAffinityPolicy = nodeAffinityPolicy
        self.nodeTaintsPolicy = nodeTaintsPolicy
    }

    /// Parses one entry for `pod`, merging `matchLabelKeys` into the selector.
    public init(json: JSONValue, podLabels: [String: String]) {
        var selector = json["labelSelector"].flatMap { try? $0.decode(LabelSelector.self) }
        if var merged = selector {
            for key in (json["matchLabelKeys"]?.arrayValue ?? []).compactMap(\.stringValue) {
                guard let value = podLabels[key] else { continue }
                var expressions = merged.matchExpressions ?? []
                expressions.append(LabelSelectorRequirement(key: key, operator: "In", values: [value]))
                merged.matchExpressions = expressions
            }
            selector = merged
        }
        self.init(
            maxSkew: json["maxSkew"]?.intValue ?? 1, topologyKey: json["topologyKey"]?.stringValue ?? "",
            whenUnsatisfiable: json["whenUnsatisfiable"]?.stringValue ?? "DoNotSchedule", selector: selector,
            minDomains: json["minDomains"]?.intValue,
            nodeAffinityPolicy: json["nodeAffinityPolicy"]?.stringValue ?? "Honor",
            nodeTaintsPolicy: json["nodeTaintsPolicy"]?.stringValue ?? "Ignore")
    }

    /// `kubernetes.io/hostname`.
    public static let hostnameKey = "kubernetes.io/hostname"
    /// `topology.kubernetes.io/zone`.
    public static let zoneKey = "topology.kubernetes.io/zone"

    /// kube-scheduler's system default constraints (`systemDefaultConstraints` in
    /// pkg/scheduler/apis/config/v1/default_plugins.go): hostname maxSkew 3, zone maxSkew 5, both
    /// ScheduleAnyway, selecting what the pod's Services and controller select.
    public static func systemDefaults(selector: LabelSelector) -> [TopologySpreadConstraint] {
        [
            TopologySpreadConstraint(
                maxSkew: 3, topologyKey: hostnameKey, whenUnsatisfiable: "ScheduleAnyway", selector: selector),
            TopologySpreadConstraint(
                maxSkew: 5, topologyKey: zoneKey, whenUnsatisfiable: "ScheduleAnyway", selector: selector),
        ]
    }

    /// Whether `labels` (of a pod in the incoming pod's namespace) count for this constraint.
    public func counts(_ labels: [String: String]?) -> Bool { selector?.matches(labels) ?? false }

    /// `helper.DefaultSelector`: the labels of every Service selecting the pod merged, plus the
    /// selector of the ReplicaSet controlling it. Nil when that is empty (no default spreading).
    public static func defaultSelector(for pod: Pod, services: [Service], replicaSets: [ReplicaSet]) -> LabelSelector? {
        let namespace = pod.metadata.namespace ?? "default"
        let labels = pod.metadata.labels ?? [:]
        var matchLabels: [String: String] = [:]
        for service in services where (service.metadata.namespace ?? "default") == namespace {
            guard let selector = service.spec.selector, !selector.isEmpty,
                selector.allSatisfy({ labels[$0.key] == $0.value })
            else { continue }
            matchLabels.merge(selector) { old, _ in old }
        }
        var expressions: [LabelSelectorRequirement] = []
        if let owner = pod.metadata.controllerRef, owner.kind == "ReplicaSet",
            let replicaSet = replicaSets.first(where: {
                $0.metadata.name == owner.name && ($0.metadata.namespace ?? "default") == namespace
            })
        {
            // Both select the pod, so their labels cannot conflict: merging is safe (as upstream says).
            matchLabels.merge(replicaSet.spec.selector.matchLabels ?? [:]) { old, _ in old }
            expressions += replicaSet.spec.selector.matchExpressions ?? []
        }
        let selector = LabelSelector(
            matchLabels: matchLabels.isEmpty ? nil : matchLabels,
            matchExpressions: expressions.isEmpty ? nil : expressions)
        return selector.isEmpty ? nil : selector
    }
}
