/// kube-scheduler's filter-then-score decision for one pod, as a pure function.
///
/// Why: runs the default filter plugins in kube-scheduler's order, stopping at a node's first failure
/// (NodeUnschedulable, TaintToleration, NodeAffinity incl. nodeSelector, NodeResourcesFit), then
/// scores feasible nodes with NodeResourcesFit/LeastAllocated plus NodeResourcesBalancedAllocation
/// (weights 1:1). Failures read exactly like `FitError.Error()` followed by the preemption
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

    /// Schedules `pod` onto one of `nodes`, breaking score ties with `generator`.
    public func schedule<G: RandomNumberGenerator>(_ pod: Pod, nodes: [SchedulerNodeInfo], using generator: inout G)
        -> Result
    {
        guard !nodes.isEmpty else { return .unschedulable("no nodes available to schedule pods") }
        let request = PodResourceRequest(pod.spec)
        let tolerations = Toleration.of(pod.spec)
        var reasons: [String: Int] = [:]
        var unresolvable = 0
        var best: Int64 = -1
        var bestNodes: [Int] = []
        for (index, info) in nodes.enumerated() {
            if let failure = filter(pod, request: request, tolerations: tolerations, on: info) {
                for reason in failure.reasons { reasons[reason, default: 0] += 1 }
                if failure.unresolvable { unresolvable += 1 }
                continue
            }
            let score = self.score(request, on: info)
            if score > best {
                best = score
                bestNodes = [index]
            } else if score == best {
                bestNodes.append(index)
            }
        }
        if !bestNodes.isEmpty {
            let pick = bestNodes.count == 1 ? bestNodes[0] : bestNodes[Int(generator.next() % UInt64(bestNodes.count))]
            return .bind(nodes[pick].node.metadata.nameOrEmpty)
        }
        return .unschedulable(Self.message(total: nodes.count, reasons: reasons, unresolvable: unresolvable))
    }

    /// Schedules with ties broken by the lexically smallest node name.
    public func schedule(_ pod: Pod, nodes: [SchedulerNodeInfo]) -> Result {
        var first = FirstChoice()
        let sorted = nodes.sorted { $0.node.metadata.nameOrEmpty < $1.node.metadata.nameOrEmpty }
        return schedule(pod, nodes: sorted, using: &first)
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
        let deviation = abs(fraction(cpu, info.allocatableMilliCPU) - fraction(memory, info.allocatableMemory)) / 2
        let balanced = Int64((1 - deviation) * 100)
        return leastAllocated + balanced
    }
}

/// A generator that always yields 0, so tie-breaking picks the first candidate.
struct FirstChoice: RandomNumberGenerator {
    mutating func next() -> UInt64 { 0 }
}
