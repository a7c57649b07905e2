/// kube-apiserver's DefaultTolerationSeconds admission plugin.
///
/// Why: copies plugin/pkg/admission/defaulttolerationseconds: every pod that does not already
/// tolerate `node.kubernetes.io/not-ready:NoExecute` (or `unreachable`) gets
/// `{key, operator: Exists, effect: NoExecute, tolerationSeconds: N}`, N from
/// `--default-not-ready-toleration-seconds` / `--default-unreachable-toleration-seconds` (300 each).
/// That is what gives the taint-eviction controller its five minutes before evicting pods from a
/// lost node. A toleration with an empty key or an empty effect already counts, as upstream.
public struct DefaultTolerationSeconds: Sendable, Hashable, Codable {
    /// `--default-not-ready-toleration-seconds`.
    public var notReadySeconds: Int
    /// `--default-unreachable-toleration-seconds`.
    public var unreachableSeconds: Int

    /// `node.kubernetes.io/not-ready`.
    public static let notReadyKey = "node.kubernetes.io/not-ready"
    /// `node.kubernetes.io/unreachable`.
    public static let unreachableKey = "node.kubernetes.io/unreachable"

    /// The plugin with kube-apiserver's defaults (300 s each) unless given.
    public init(notReadySeconds: Int = 300, unreachableSeconds: Int = 300) {
        self.notReadySeconds = notReadySeconds
        self.unreachableSeconds = unreachableSeconds
    }

    /// The pod with the missing default tolerations appended.
    public func admit(_ pod: Pod) -> Pod {
        let tolerations = Toleration.of(pod.spec)
        func tolerated(_ key: String) -> Bool {
            tolerations.contains {
                ($0.key == key || $0.key.isEmpty) && ($0.effect == "NoExecute" || $0.effect.isEmpty)
            }
        }
        var added: [JSONValue] = []
        for (key, seconds) in [(Self.notReadyKey, notReadySeconds), (Self.unreachableKey, unreachableSeconds)]
        where !tolerated(key) {
            added.append(
                .object([
                    "key": .string(key), "operator": .string("Exists"), "effect": .string("NoExecute"),
                    "tolerationSeconds": .int(seconds),
                ]))
        }
        guard !added.isEmpty else { return pod }
        var result = pod
        result.spec.tolerations = (pod.spec.tolerations ?? []) + added
        return result
    }
}
