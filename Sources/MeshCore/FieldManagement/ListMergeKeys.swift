/// How Kubernetes merges the lists of built-in kinds: by a key field (`patchMergeKey`,
/// `listType=map`), as a set of scalars (`finalizers`), or atomically (everything else).
///
/// Why one table: strategic merge patch and server-side apply's field ownership must agree on
/// which list items are separate (`containers[name="web"]`) and which lists are one value.
public enum ListMergeKeys {
    /// Merge keys from the k8s.io/api struct tags (`patchMergeKey`), by field name.
    public static let keys: [String: String] = [
        "containers": "name", "initContainers": "name", "ephemeralContainers": "name", "env": "name",
        "volumes": "name", "volumeMounts": "mountPath", "imagePullSecrets": "name", "conditions": "type",
        "ownerReferences": "uid", "hostAliases": "ip", "topologySpreadConstraints": "topologyKey",
    ]

    /// Scalar lists merged as sets (`patchStrategy:"merge"` on a `[]string`).
    public static let sets: Set<String> = ["finalizers"]

    /// Whether a struct value is atomic (`+structType=atomic`): label selectors (`matchLabels`,
    /// `matchExpressions`), unlike the plain `map[string]string` selector of a Service.
    public static func isAtomicStruct(field: String, _ members: [String: JSONValue]) -> Bool {
        field == "selector" && (members["matchLabels"] != nil || members["matchExpressions"] != nil)
    }

    /// The merge key for a list field: known tags, or ports by their number (container or service).
    public static func key(for field: String, items: [JSONValue]) -> String? {
        if let key = keys[field] { return key }
        if field == "ports" {
            if items.contains(where: { $0["containerPort"] != nil }) { return "containerPort" }
            if items.contains(where: { $0["port"] != nil }) { return "port" }
        }
        return nil
    }
}
