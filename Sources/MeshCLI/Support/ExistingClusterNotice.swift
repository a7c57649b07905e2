import MeshAPI

/// What a later `meshsim up` cannot change: the shape the first `up` stored. Each flag given
/// explicitly with another value gets minikube's warning instead of being ignored silently.
enum ExistingClusterNotice {
    /// The warnings for `requested` against the `stored` settings; `explicit` names the flags the
    /// user gave (`cpus`, `memory`, `nodes`, `kubernetes-version`, `istio`, `pod-port-range`, `seed`).
    static func messages(stored: ClusterSettings, requested: ClusterSettings, explicit: Set<String>) -> [String] {
        var changed: [(flag: String, what: String, current: String, differs: Bool)] = [
            ("nodes", "the number of nodes", String(stored.nodes), stored.nodes != requested.nodes),
            ("cpus", "the number of CPUs", String(stored.cpus), stored.cpus != requested.cpus),
            ("memory", "the memory size", "\(stored.memoryMiB)MB", stored.memoryMiB != requested.memoryMiB),
            (
                "kubernetes-version", "the Kubernetes version", stored.kubernetesVersion,
                stored.kubernetesVersion != requested.kubernetesVersion
            ),
            (
                "istio", "the Istio profile", stored.istioProfile ?? "none (--no-istio)",
                stored.istioProfile != requested.istioProfile
            ),
            (
                "pod-port-range", "the pod port range", rangeText(stored.podPortRange),
                stored.podPortRange != requested.podPortRange
            ),
        ]
        if let seed = requested.seed {
            changed.append(("seed", "the seed", stored.seed.map(String.init) ?? "random", stored.seed != seed))
        }
        // Why: minikube keeps an existing cluster's shape and says so ("You cannot change the
        // memory size for an existing minikube cluster. Please first delete the cluster.").
        return changed.filter { explicit.contains($0.flag) && $0.differs }.map {
            "You cannot change \($0.what) for an existing meshsim cluster (it stays \($0.current)). "
                + ($0.flag == "istio"
                    ? "Use 'meshsim istio install --profile NAME' or 'meshsim istio uninstall' instead."
                    : "Please first delete the cluster.")
        }
    }

    private static func rangeText(_ range: ClosedRange<Int>?) -> String {
        range.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "0 (ephemeral ports)"
    }
}
