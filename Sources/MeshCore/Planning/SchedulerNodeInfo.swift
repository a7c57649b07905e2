/// One node as the scheduler sees it: allocatable resources and what bound pods already request.
/// Keep one per node and update it with `add`/`remove` as pods bind and go, so scheduling a pod
/// costs O(nodes) with no re-summing.
///
/// Why: mirrors the scheduler cache's `framework.NodeInfo` (`Requested`, `NonZeroRequested`, pod count).
public struct SchedulerNodeInfo: Sendable, Hashable {
    /// The node.
    public private(set) var node: Node
    /// The node's taints plus the implicit not-ready/unreachable taint the node lifecycle controller adds.
    public private(set) var effectiveTaints: [Taint]
    /// Allocatable cpu in millicores.
    public private(set) var allocatableMilliCPU: Int64
    /// Allocatable memory in bytes.
    public private(set) var allocatableMemory: Int64
    /// Allocatable pod slots (110 when unset).
    public private(set) var allowedPods: Int
    /// Summed requests of bound pods.
    public private(set) var requested = PodResourceRequest()
    /// Number of bound pods.
    public private(set) var podCount = 0

    /// Builds the info for `node` with the pods already bound to it.
    public init(node: Node, pods: [Pod] = []) {
        self.node = node
        let allocatable = node.status.allocatable ?? node.status.capacity ?? [:]
        allocatableMilliCPU = Quantity.parse(allocatable["cpu"]).milliValue
        allocatableMemory = Quantity.parse(allocatable["memory"]).value
        allowedPods = allocatable["pods"].flatMap { Quantity($0) }.map { Int($0.value) } ?? 110
        var taints = node.spec.taints ?? []
        let ready = node.status.conditions?.condition("Ready")?.status
        if ready != "True" {
            let key = ready == "False" ? "node.kubernetes.io/not-ready" : "node.kubernetes.io/unreachable"
            if !taints.contains(where: { $0.key == key }) { taints.append(Taint(key: key, effect: "NoSchedule")) }
        }
        effectiveTaints = taints
        for pod in pods { add(pod) }
    }

    /// Records a pod bound to this node.
    public mutating func add(_ pod: Pod) {
        requested.add(PodResourceRequest(pod.spec))
        podCount += 1
    }

    /// Forgets a pod that left this node.
    public mutating func remove(_ pod: Pod) {
        requested.subtract(PodResourceRequest(pod.spec))
        podCount -= 1
    }
}

/// What a pod asks for: actual requests (for fitting) and requests with defaults for missing values
/// (for scoring).
///
/// Why: copies `resource.PodRequests` (init containers take the max, restartable sidecars add up)
/// and `GetNonzeroRequests` (100m cpu / 200Mi memory when a container requests nothing).
public struct PodResourceRequest: Sendable, Hashable {
    /// Requested cpu in millicores.
    public var milliCPU: Int64 = 0
    /// Requested memory in bytes.
    public var memory: Int64 = 0
    /// Cpu with the non-zero default applied.
    public var nonZeroMilliCPU: Int64 = 0
    /// Memory with the non-zero default applied.
    public var nonZeroMemory: Int64 = 0

    /// `DefaultMilliCPURequest`.
    public static let defaultMilliCPU: Int64 = 100
    /// `DefaultMemoryRequest`.
    public static let defaultMemory: Int64 = 200 * 1024 * 1024

    /// Zero.
    public init() {}

    /// The request of a pod spec.
    public init(_ spec: PodSpec) {
        func of(_ container: Container) -> PodResourceRequest {
            var result = PodResourceRequest()
            result.milliCPU = Quantity.parse(container.resources?.requests?["cpu"]).milliValue
            result.memory = Quantity.parse(container.resources?.requests?["memory"]).value
            result.nonZeroMilliCPU = result.milliCPU == 0 ? Self.defaultMilliCPU : result.milliCPU
            result.nonZeroMemory = result.memory == 0 ? Self.defaultMemory : result.memory
            return result
        }
        var sum = PodResourceRequest()
        for container in spec.containers { sum.add(of(container)) }
        var sidecars = PodResourceRequest()
        var initMax = PodResourceRequest()
        for container in spec.initContainers ?? [] {
            var request = of(container)
            if container.restartPolicy == "Always" {
                sidecars.add(request)
            } else {
                request.add(sidecars)
                initMax = initMax.maximum(request)
            }
        }
        sum.add(sidecars)
        self = sum.maximum(initMax)
    }

    /// Adds another request.
    public mutating func add(_ other: PodResourceRequest) {
        milliCPU += other.milliCPU
        memory += other.memory
        nonZeroMilliCPU += other.nonZeroMilliCPU
        nonZeroMemory += other.nonZeroMemory
    }

    /// Subtracts another request.
    public mutating func subtract(_ other: PodResourceRequest) {
        milliCPU -= other.milliCPU
        memory -= other.memory
        nonZeroMilliCPU -= other.nonZeroMilliCPU
        nonZeroMemory -= other.nonZeroMemory
    }

    func maximum(_ other: PodResourceRequest) -> PodResourceRequest {
        var result = PodResourceRequest()
        result.milliCPU = max(milliCPU, other.milliCPU)
        result.memory = max(memory, other.memory)
        result.nonZeroMilliCPU = max(nonZeroMilliCPU, other.nonZeroMilliCPU)
        result.nonZeroMemory = max(nonZeroMemory, other.nonZeroMemory)
        return result
    }
}
