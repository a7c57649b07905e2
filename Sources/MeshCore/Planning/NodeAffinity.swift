/// `spec.nodeSelector` and `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`.
///
/// Why: copies `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)` (component-helpers): every
/// nodeSelector label must match, and at least one nodeSelectorTerm must match (its expressions ANDed;
/// operators In, NotIn, Exists, DoesNotExist, Gt, Lt; matchFields on `metadata.name`).
public enum NodeAffinity {
    /// Whether a node with `labels` satisfies the pod's required placement.
    public static func matches(_ spec: PodSpec, labels: [String: String], nodeName: String? = nil) -> Bool {
        for (key, value) in spec.nodeSelector ?? [:] where labels[key] != value { return false }
        guard
            let terms = spec.affinity?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?[
                "nodeSelectorTerms"]?
                .arrayValue
        else { return true }
        return terms.contains { term in
            let expressions = term["matchExpressions"]?.arrayValue ?? []
            let fields = term["matchFields"]?.arrayValue ?? []
            if expressions.isEmpty && fields.isEmpty { return false }
            return expressions.allSatisfy { requirement($0, labels) }
                && fields.allSatisfy {
                    requirement($0, ["metadata.name": nodeName ?? labels["kubernetes.io/hostname"] ?? ""])
                }
        }
    }

    static func requirement(_ json: JSONValue, _ labels: [String: String]) -> Bool {
        let key = json["key"]?.stringValue ?? ""
        let values = (json["values"]?.arrayValue ?? []).compactMap(\.stringValue)
        let value = labels[key]
        switch json["operator"]?.stringValue ?? "" {
        case "In": return value.map(values.contains) ?? false
        case "NotIn": return !(value.map(values.contains) ?? false)
        case "Exists": return value != nil
        case "DoesNotExist": return value == nil
        case "Gt", "Lt":
            guard let value, let number = Int(value), values.count == 1, let bound = Int(values[0]) else {
                return false
            }
            return json["operator"]?.stringValue == "Gt" ? number > bound : number < bound
        default: return false
        }
    }
}
