/// A pod toleration, parsed from the pass-through `PodSpec.tolerations` JSON.
///
/// Why: copies `v1.Toleration.ToleratesTaint` (k8s.io/api/core/v1/toleration.go).
public struct Toleration: Sendable, Hashable {
    /// Taint key; empty with `Exists` tolerates everything.
    public var key: String
    /// `Equal` (default) or `Exists`.
    public var `operator`: String
    /// Value compared by `Equal`.
    public var value: String
    /// Effect; empty matches every effect.
    public var effect: String
    /// Seconds a NoExecute taint is tolerated before eviction, if bounded.
    public var tolerationSeconds: Int?

    /// Creates a toleration.
    public init(
        key: String = "", operator: String = "Equal", value: String = "", effect: String = "",
        tolerationSeconds: Int? = nil
    ) {
        self.key = key
        self.operator = `operator`
        self.value = value
        self.effect = effect
        self.tolerationSeconds = tolerationSeconds
    }

    /// Parses one `tolerations[]` entry.
    public init(json: JSONValue) {
        self.init(
            key: json["key"]?.stringValue ?? "", operator: json["operator"]?.stringValue ?? "Equal",
            value: json["value"]?.stringValue ?? "", effect: json["effect"]?.stringValue ?? "",
            tolerationSeconds: json["tolerationSeconds"]?.intValue)
    }

    /// The pod's tolerations.
    public static func of(_ spec: PodSpec) -> [Toleration] { (spec.tolerations ?? []).map(Toleration.init(json:)) }

    /// `ToleratesTaint`.
    public func tolerates(_ taint: Taint) -> Bool {
        if !effect.isEmpty && effect != taint.effect { return false }
        if !key.isEmpty && key != taint.key { return false }
        switch `operator` {
        case "", "Equal": return value == (taint.value ?? "")
        case "Exists": return true
        default: return false
        }
    }
}
