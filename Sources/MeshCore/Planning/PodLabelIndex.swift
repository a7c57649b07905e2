/// The bound, non-terminating pods by namespace and label, so PodTopologySpread can count the pods a
/// selector matches per node without scanning every pod in the cluster.
///
/// Why: kube-scheduler walks every NodeInfo's pods for each pod it scores; with 10,000 pods that is
/// 10^8 label matches per rollout. Candidates come from the smallest posting list of the selector's
/// matchLabels (a ReplicaSet's `pod-template-hash` picks its own few pods), then the whole selector
/// is checked, so the counts are exactly those of `countPodsMatchSelector`.
public struct PodLabelIndex: Sendable {
    struct Entry: Sendable {
        var labels: [String: String]
        var node: String
    }

    private var entries: [ObjectKey: Entry] = [:]
    private var byNamespace: [String: Set<ObjectKey>] = [:]
    private var postings: [String: Set<ObjectKey>] = [:]

    /// An empty index.
    public init() {}

    /// Indexes `pods` that are bound, active and not terminating.
    public init<S: Sequence>(_ pods: S) where S.Element == Pod {
        for pod in pods { add(pod) }
    }

    /// Number of indexed pods.
    public var count: Int { entries.count }

    /// Adds (or moves) a bound pod; unbound, finished and terminating pods are left out.
    public mutating func add(_ pod: Pod) {
        remove(pod.key)
        guard let node = pod.spec.nodeName, pod.isActive else { return }
        let key = pod.key
        let namespace = key.namespace
        let labels = pod.metadata.labels ?? [:]
        entries[key] = Entry(labels: labels, node: node)
        byNamespace[namespace, default: []].insert(key)
        for (name, value) in labels { postings[Self.posting(namespace, name, value), default: []].insert(key) }
    }

    /// Removes a pod.
    public mutating func remove(_ key: ObjectKey) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        let namespace = key.namespace
        byNamespace[namespace]?.remove(key)
        if byNamespace[namespace]?.isEmpty == true { byNamespace[namespace] = nil }
        for (name, value) in entry.labels {
            let posting = Self.posting(namespace, name, value)
            postings[posting]?.remove(key)
            if postings[posting]?.isEmpty == true { postings[posting] = nil }
        }
    }

    /// Pods of `namespace` that `selector` matches, per node name (nil selector: none).
    public func counts(namespace: String, selector: LabelSelector?) -> [String: Int] {
        guard let selector else { return [:] }
        var candidates: Set<ObjectKey>?
        for (name, value) in selector.matchLabels ?? [:] {
            let posting = postings[Self.posting(namespace, name, value)] ?? []
            if candidates == nil || posting.count < candidates!.count { candidates = posting }
        }
        var result: [String: Int] = [:]
        for key in candidates ?? byNamespace[namespace] ?? [] {
            guard let entry = entries[key], selector.matches(entry.labels) else { continue }
            result[entry.node, default: 0] += 1
        }
        return result
    }

    private static func posting(_ namespace: String, _ name: String, _ value: String) -> String {
        "\(namespace)\u{0}\(name)\u{0}\(value)"
    }
}
