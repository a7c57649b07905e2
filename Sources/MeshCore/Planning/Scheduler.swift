/// kube-scheduler's filter-then-score decision for one pod, as a pure function.
///
/// Why: runs the default filter plugins in kube-scheduler's order, stopping at a node's first failure
/// (NodeUnschedulable, TaintToleration, NodeAffinity incl. nodeSelector, NodeResourcesFit,
/// PodTopologySpread), then scores feasible nodes with NodeResourcesFit/LeastAllocated,
/// NodeResourcesBalancedAllocation and PodTopologySpread (weights 1:1:2, the default profile's). Failures read exactly like `FitError.Error()` followed by the preemption
/// PostFilter's message (no pod has a priority that could preempt here), including the double period
/// real clusters print (`… found for incoming pod..`).
/// Cost: O(nodes) per pod given up-to-date `SchedulerNodeInfo`s.
public struct Scheduler: Sendable {
    /// The outcome for one pod.
    public enum Result: Sendable, Hashable {
        /// Bind the pod to this node.
        case bind(String)
        /// No node fits; the `FailedScheduling` event message.
        case unschedulable(String)
    }

    /// Creates a scheduler.
    public init() {}

    /// Schedules `pod` onto one of `nodes`, breaking score ties with `generator`; `spread` carries
    /// the pod's topology spread constraints and the matching pods per node.
    public func schedule<G: RandomNumberGenerator>(
        _ pod: Pod, nodes: [SchedulerNodeInfo], spread: PodTopologySpread = .none, using generator: inout G
    ) -> Result {
        guard !nodes.isEmpty else { return .unschedulable("no nodes available to schedule pods") }
        let request = PodResourceRequest(pod.spec)
        let tolerations = Toleration.of(pod.spec)
        let spreadState = spread.prepareFilter(pod, nodes: nodes)
        var reasons: [String: Int] = [:]
        var unresolvable = 0
        var feasible: [Int] = []
        for (index, info) in nodes.enumerated() {
            var failure = filter(pod, request: request, tolerations: tolerations, on: info)
            if failure == nil, let spreadFailure = spread.filter(info, state: spreadState) {
                failure = Failure(reasons: [spreadFailure.reason], unresolvable: spreadFailure.unresolvable)
            }
            if let failure {
                for reason in failure.reasons { reasons[reason, default: 0] += 1 }
                if failure.unresolvable { unresolvable += 1 }
                continue
            }
            feasible.append(index)
        }
        guard !feasible.isEmpty else {
            return .unschedulable(Self.message(total: nodes.count, reasons: reasons, unresolvable: unresolvable))
        }
        let spreadScores = spread.scores(pod, feasible: feasible.map { nodes[$0] }, all: nodes)
        var best: Int64 = -1
        var bestNodes: [Int] = []
        for (position, index) in feasible.enumerated() {
            // Why these weights: kube-scheduler's default profile gives NodeResourcesFit and
            // NodeResourcesBalancedAllocation weight 1 and PodTopologySpread weight 2.
            let score = self.score(request, on: nodes[index]) + Self.podTopologySpreadWeight * spreadScores[position]
            if score > best {
                best = score
                bestNodes = [index]
            } else if score == best {
                bestNodes.append(index)
            }
        }
        let pick = bestNodes.count == 1 ? bestNodes[0] : bestNodes[Int(generator.next() % UInt64(bestNodes.count))]
        return .bind(nodes[pick].node.metadata.nameOrEmpty)
    }

    /// PodTopologySpread's weight in the default profile.
    public static let podTopologySpreadWeight: Int64 = 2

    /// Schedules with ties broken by the lexically smallest node name.
    public func schedule(_ pod: Pod, nodes: [SchedulerNodeInfo], spread: PodTopologySpread = .none) -> Result {
        var first = FirstChoice()
        let sorted = nodes.sorted { $0.node.metadata.nameOrEmpty < $1.node.metadata.nameOrEmpty }
        return schedule(pod, nodes: sorted, spread: spread, using: &first)
    }

    /// The FailedScheduling text: `0/3 nodes are available: <sorted "N reason">. preemption: 0/3 nodes
    /// are available: <sorted "N why">.`
    public static func message(total: Int, reasons: [String: Int], unresolvable: Int) -> String {
        let histogram = reasons.map { "\($0.value) \($0.key)" }.sorted().joined(separator: ", ")
        var preemption: [String] = []
        if unresolvable > 0 { preemption.append("\(unresolvable) Preemption is not helpful for scheduling") }
        if total - unresolvable > 0 {
            preemption.append("\(total - unresolvable) No preemption victims found for incoming pod")
        }
        // The preemption PostFilter's own message ends in "." and FitError appends " %v." after it,
        // hence the double period real clusters print.
        let postFilter =
            "preemption: 0/\(total) nodes are available: " + preemption.sorted().joined(separator: ", ") + "."
        return "0/\(total) nodes are available: \(histogram). \(postFilter)."
    }

    struct Failure {
        var reasons: [String]
        var unresolvable: Bool
    }

    func filter(_ pod: Pod, request: PodResourceRequest, tolerations: [Toleration], on info: SchedulerNodeInfo)
        -> Failure?
    {
        let node = info.node
        // NodeUnschedulable
        if node.spec.unschedulable == true {
            let taint = Taint(key: "node.kubernetes.io/unschedulable", effect: "NoSchedule")
            if !tolerations.contains(where: { $0.tolerates(taint) }) {
                return Failure(reasons: ["node(s) were unschedulable"], unresolvable: true)
            }
        }
        // TaintToleration: the first NoSchedule/NoExecute taint nothing tolerates.
        for taint in info.effectiveTaints where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
            if !tolerations.contains(where: { $0.tolerates(taint) }) {
                return Failure(
                    reasons: ["node(s) had untolerated taint {\(taint.key): \(taint.value ?? "")}"], unresolvable: true)
            }
        }
        // NodeAffinity (nodeSelector and required node affinity)
        if !NodeAffinity.matches(pod.spec, labels: node.metadata.labels ?? [:]) {
            return Failure(reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true)
        }
        // NodeResourcesFit
        var reasons: [String] = []
        if info.podCount + 1 > info.allowedPods { reasons.append("Too many pods") }
        if request.milliCPU > 0 && request.milliCPU > info.allocatableMilliCPU - info.requested.milliCPU {
            reasons.append("Insufficient cpu")
        }
        if request.memory > 0 && request.memory > info.allocatableMemory - info.requested.memory {
            reasons.append("Insufficient memory")
        }
        return reasons.isEmpty ? nil : Failure(reasons: reasons, unresolvable: false)
    }

    /// LeastAllocated + BalancedAllocation, each 0…100.
    ///
    /// Why two sums: LeastAllocated counts requests with the non-zero defaults (100m, 200Mi) so
    /// best-effort pods still spread; BalancedAllocation uses the actual requests (`useRequested`).
    func score(_ request: PodResourceRequest, on info: SchedulerNodeInfo) -> Int64 {
        let cpu = info.requested.nonZeroMilliCPU + request.nonZeroMilliCPU
        let memory = info.requested.nonZeroMemory + request.nonZeroMemory
        func least(_ requested: Int64, _ capacity: Int64) -> Int64 {
            guard capacity > 0, requested <= capacity else { return 0 }
            return (capacity - requested) * 100 / capacity
        }
        let leastAllocated = (least(cpu, info.allocatableMilliCPU) + least(memory, info.allocatableMemory)) / 2
        func fraction(_ requested: Int64, _ capacity: Int64) -> Double {
            capacity > 0 ? min(1, Double(requested) / Double(capacity)) : 1
        }
        let cpuRequested = info.requested.milliCPU + request.milliCPU
        let memoryRequested = info.requested.memory + request.memory
        let deviation =
            abs(fraction(cpuRequested, info.allocatableMilliCPU) - fraction(memoryRequested, info.allocatableMemory))
            / 2
        let balanced = Int64((1 - deviation) * 100)
        return leastAllocated + balanced
    }
}

/// A generator that always yields 0, so tie-breaking picks the first candidate.
struct FirstChoice: RandomNumberGenerator {
    mutating func next() -> UInt64 { 0 }
}
