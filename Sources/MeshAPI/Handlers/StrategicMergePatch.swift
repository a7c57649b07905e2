import MeshCore

/// Kubernetes strategic merge patch for built-in kinds (`application/strategic-merge-patch+json`):
/// a JSON merge patch where lists of objects with a known merge key merge element by element, and
/// the directives kubectl emits (`$setElementOrder/…`, `$patch`, `$retainKeys`,
/// `$deleteFromPrimitiveList/…`) are honoured or dropped, as apimachinery's `strategicpatch` does.
public enum StrategicMergePatch {
    /// Merge keys from the k8s.io/api struct tags (`patchMergeKey`), by field name.
    static let mergeKeys: [String: String] = [
        "containers": "name", "initContainers": "name", "ephemeralContainers": "name", "env": "name",
        "volumes": "name", "volumeMounts": "mountPath", "imagePullSecrets": "name", "conditions": "type",
        "ownerReferences": "uid", "hostAliases": "ip", "topologySpreadConstraints": "topologyKey",
    ]

    /// Applies `patch` to `target`.
    public static func apply(_ patch: JSONValue, to target: JSONValue, field: String? = nil) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        if patchMembers["$patch"]?.stringValue == "replace" {
            var copy = patchMembers
            copy["$patch"] = nil
            return .object(copy)
        }
        var result = target.objectValue ?? [:]
        for (key, value) in patchMembers {
            if key.hasPrefix("$setElementOrder/") || key == "$retainKeys" || key == "$patch" { continue }
            if key.hasPrefix("$deleteFromPrimitiveList/") {
                let name = String(key.dropFirst("$deleteFromPrimitiveList/".count))
                let removals = value.arrayValue ?? []
                if let items = result[name]?.arrayValue {
                    result[name] = .array(items.filter { !removals.contains($0) })
                }
                continue
            }
            if value == .null {
                result[key] = nil
                continue
            }
            if case .array(let patchItems) = value, let mergeKey = mergeKey(for: key, items: patchItems),
                case .array(let current)? = result[key]
            {
                result[key] = .array(mergeList(current, patchItems, key: mergeKey))
                continue
            }
            result[key] = apply(value, to: result[key] ?? .null, field: key)
        }
        return .object(result)
    }

    /// The merge key for a list field: known tags, or ports by their number.
    static func mergeKey(for field: String, items: [JSONValue]) -> String? {
        if let key = mergeKeys[field] { return key }
        if field == "ports" {
            if items.contains(where: { $0["containerPort"] != nil }) { return "containerPort" }
            if items.contains(where: { $0["port"] != nil }) { return "port" }
        }
        return nil
    }

    static func mergeList(_ current: [JSONValue], _ patch: [JSONValue], key: String) -> [JSONValue] {
        var result = current
        for item in patch {
            guard let id = item[key] else {
                result.append(item)
                continue
            }
            let index = result.firstIndex { $0[key] == id }
            if item["$patch"]?.stringValue == "delete" {
                if let index { result.remove(at: index) }
                continue
            }
            if let index {
                result[index] = apply(item, to: result[index])
            } else {
                var fresh = item
                fresh["$patch"] = nil
                result.append(fresh)
            }
        }
        return result
    }
}
