/// What the ReplicaSet controller must do after one sync, in order.
public enum ReplicaSetAction: Sendable, Hashable {
    /// Patch an orphan pod with our controller reference (the pod is given already patched).
    case adopt(Pod)
    /// Remove our controller reference from a pod that no longer matches (given already patched).
    case release(Pod)
    /// Create these pods (full objects with names), in `SlowStart.batches` order.
    case createPods([Pod])
    /// Delete these pods, in the order given.
    case deletePods([Pod])
    /// Write this status when it differs from the stored one.
    case updateStatus(ReplicaSetStatus)
}

/// `slowStartBatch`: creations go out in batches of 1, 2, 4, 8, … and stop at the first failure, so a
/// quota or webhook error costs one call instead of hundreds.
public enum SlowStart {
    /// `controller.SlowStartInitialBatchSize`.
    public static let initialBatchSize = 1

    /// The batch sizes for `count` creations.
    public static func batches(for count: Int, initial: Int = initialBatchSize) -> [Int] {
        var result: [Int] = []
        var remaining = count
        var size = min(remaining, initial)
        while size > 0 {
            result.append(size)
            remaining -= size
            size = min(2 * size, remaining)
        }
        return result
    }
}
