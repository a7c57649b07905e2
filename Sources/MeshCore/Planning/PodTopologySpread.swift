import Foundation

/// kube-scheduler's PodTopologySpread plugin for one pod: DoNotSchedule constraints filter nodes,
/// ScheduleAnyway constraints (or the system defaults when the pod has none) score them.
///
/// Why: copies pkg/scheduler/framework/plugins/podtopologyspread (filtering.go, scoring.go). The
/// filter admits a node when `matching pods in its domain + self-match - global minimum <= maxSkew`;
/// the score gives each domain `count x log(domains + 2) + (maxSkew - 1)` and normalises so the
/// least crowded node gets 100. Without it, a Deployment's replicas pile onto one node whenever the
/// resource scores tie.
public struct PodTopologySpread: Sendable {
    /// Constraints applied as a filter.
    public private(set) var filterConstraints: [TopologySpreadConstraint] = []
    /// Constraints applied as a score.
    public private(set) var scoreConstraints: [TopologySpreadConstraint] = []
    /// Whether the score constraints are the system defaults (nodes need not carry every key).
    public private(set) var systemDefaulted = false
    private var filterCounts: [[String: Int]] = []
    private var scoreCounts: [[String: Int]] = []
    private var selfMatch: [Bool] = []

    /// No spreading (the plugin is skipped).
    public static let none = PodTopologySpread()

    private init() {}

    /// The constraints for `pod` with the matching pods per node from `index`.
    public init(pod: Pod, defaultSelector: LabelSelector?, index: PodLabelIndex) {
        let labels = pod.metadata.labels ?? [:]
        let explicit = (pod.spec.topologySpreadConstraints ?? []).map {
            TopologySpreadConstraint(json: $0, podLabels: labels)
        }
        if explicit.isEmpty {
            scoreConstraints = defaultSelector.map(TopologySpreadConstraint.systemDefaults) ?? []
            systemDefaulted = true
        } else {
            filterConstraints = explicit.filter { $0.whenUnsatisfiable == "DoNotSchedule" }
            scoreConstraints = explicit.filter { $0.whenUnsatisfiable == "ScheduleAnyway" }
        }
        let namespace = pod.key.namespace
        filterCounts = filterConstraints.map { index.counts(namespace: namespace, selector: $0.selector) }
        // The system defaults share one selector: count its pods once.
        var counted: [LabelSelector?: [String: Int]] = [:]
        scoreCounts = scoreConstraints.map { constraint in
            if let counts = counted[constraint.selector] { return counts }
            let counts = index.counts(namespace: namespace, selector: constraint.selector)
            counted[constraint.selector] = counts
            return counts
        }
        selfMatch = filterConstraints.map { $0.counts(labels) }
    }

    /// PreFilter's state: matching pods per domain and the global minimum, per filter constraint.
    public struct FilterState: Sendable {
        var domainCounts: [[String: Int]]
        var minimum: [Int]
    }

    /// `calPreFilterState` over every node (not only feasible ones).
    public func prepareFilter(_ pod: Pod, nodes: [SchedulerNodeInfo]) -> FilterState {
        var domains = Array(repeating: [String: Int](), count: filterConstraints.count)
        guard !filterConstraints.isEmpty else { return FilterState(domainCounts: [], minimum: []) }
        let tolerations = Toleration.of(pod.spec)
        for info in nodes {
            let labels = info.node.metadata.labels ?? [:]
            let name = info.node.metadata.nameOrEmpty
            guard filterConstraints.allSatisfy({ labels[$0.topologyKey] != nil }) else { continue }
            for (index, constraint) in filterConstraints.enumerated() {
                guard Self.included(pod, tolerations, info, by: constraint), let value = labels[constraint.topologyKey]
                else { continue }
                domains[index][value, default: 0] += filterCounts[index][name] ?? 0
            }
        }
        let minimum = filterConstraints.indices.map { index -> Int in
            if let minDomains = filterConstraints[index].minDomains, domains[index].count < minDomains { return 0 }
            return domains[index].values.min() ?? Int(Int32.max)
        }
        return FilterState(domainCounts: domains, minimum: minimum)
    }

    /// The filter's failure on `info`, if any: (reason, unresolvable).
    public func filter(_ info: SchedulerNodeInfo, state: FilterState) -> (reason: String, unresolvable: Bool)? {
        let labels = info.node.metadata.labels ?? [:]
        for (index, constraint) in filterConstraints.enumerated() {
            guard let value = labels[constraint.topologyKey] else {
                return ("node(s) didn't match pod topology spread constraints (missing required label)", true)
            }
            let skew = (state.domainCounts[index][value] ?? 0) + (selfMatch[index] ? 1 : 0) - state.minimum[index]
            if skew > constraint.maxSkew { return ("node(s) didn't match pod topology spread constraints", false) }
        }
        return nil
    }

    /// Normalised scores (0…100) for `feasible`, in order; `all` are every node, for domain counts.
    public func scores(_ pod: Pod, feasible: [SchedulerNodeInfo], all: [SchedulerNodeInfo]) -> [Int64] {
        var scoreConstraints = self.scoreConstraints
        var scoreCounts = self.scoreCounts
        if systemDefaulted {
            // A default constraint whose key no node carries scores nothing (Score skips nodes
            // without the label); dropping it saves the per-node work, e.g. zones on minikube nodes.
            let present = scoreConstraints.indices.filter { index in
                let key = scoreConstraints[index].topologyKey
                return all.contains { $0.node.metadata.labels?[key] != nil }
            }
            scoreConstraints = present.map { scoreConstraints[$0] }
            scoreCounts = present.map { scoreCounts[$0] }
        }
        guard !scoreConstraints.isEmpty else { return Array(repeating: 0, count: feasible.count) }
        let requireAll = !systemDefaulted
        let hostname = TopologySpreadConstraint.hostnameKey
        func hasAllKeys(_ labels: [String: String]) -> Bool {
            scoreConstraints.allSatisfy { labels[$0.topologyKey] != nil }
        }
        var ignored = Set<Int>()
        var pairs = Array(repeating: [String: Int](), count: scoreConstraints.count)
        for (index, info) in feasible.enumerated() {
            let labels = info.node.metadata.labels ?? [:]
            if requireAll && !hasAllKeys(labels) {
                ignored.insert(index)
                continue
            }
            for (position, constraint) in scoreConstraints.enumerated() where constraint.topologyKey != hostname {
                pairs[position][labels[constraint.topologyKey] ?? ""] = 0
            }
        }
        let weights = scoreConstraints.indices.map { position -> Double in
            let size =
                scoreConstraints[position].topologyKey == hostname
                ? feasible.count - ignored.count : pairs[position].count
            return log(Double(size + 2))
        }
        let tolerations = Toleration.of(pod.spec)
        for info in all {
            let labels = info.node.metadata.labels ?? [:]
            if requireAll && !hasAllKeys(labels) { continue }
            let name = info.node.metadata.nameOrEmpty
            for (position, constraint) in scoreConstraints.enumerated() where constraint.topologyKey != hostname {
                let value = labels[constraint.topologyKey] ?? ""
                guard pairs[position][value] != nil, Self.included(pod, tolerations, info, by: constraint) else {
                    continue
                }
                pairs[position][value, default: 0] += scoreCounts[position][name] ?? 0
            }
        }
        var raw = [Int64](repeating: 0, count: feasible.count)
        for (index, info) in feasible.enumerated() where !ignored.contains(index) {
            let labels = info.node.metadata.labels ?? [:]
            var score = 0.0
            for (position, constraint) in scoreConstraints.enumerated() {
                guard let value = labels[constraint.topologyKey] else { continue }
                let count =
                    constraint.topologyKey == hostname
                    ? scoreCounts[position][info.node.metadata.nameOrEmpty] ?? 0 : pairs[position][value] ?? 0
                score += Double(count) * weights[position] + Double(constraint.maxSkew - 1)
            }
            raw[index] = Int64(score.rounded())
        }
        let considered = raw.indices.filter { !ignored.contains($0) }.map { raw[$0] }
        let low = considered.min() ?? 0
        let high = considered.max() ?? 0
        return raw.indices.map { index in
            if ignored.contains(index) { return 0 }
            if high == 0 { return 100 }
            return 100 * (high + low - raw[index]) / high
        }
    }

    /// `matchNodeInclusionPolicies`: nodeAffinityPolicy Honor skips nodes the pod may not use;
    /// nodeTaintsPolicy Honor skips nodes with taints it does not tolerate.
    static func included(
        _ pod: Pod, _ tolerations: [Toleration], _ info: SchedulerNodeInfo, by constraint: TopologySpreadConstraint
    ) -> Bool {
        let node = info.node
        if constraint.nodeAffinityPolicy != "Ignore",
            !NodeAffinity.matches(pod.spec, labels: node.metadata.labels ?? [:], nodeName: node.metadata.name)
        {
            return false
        }
        if constraint.nodeTaintsPolicy == "Honor" {
            for taint in node.spec.taints ?? [] where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
                if !tolerations.contains(where: { $0.tolerates(taint) }) { return false }
            }
        }
        return true
    }
}
