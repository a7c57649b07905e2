import MeshCore

/// Kubernetes strategic merge patch for built-in kinds (`application/strategic-merge-patch+json`):
/// a JSON merge patch where lists of objects with a known merge key merge element by element, and
/// the directives kubectl emits (`$setElementOrder/…`, `$patch`, `$retainKeys`,
/// `$deleteFromPrimitiveList/…`) are honoured or dropped, as apimachinery's `strategicpatch` does.
public enum StrategicMergePatch {
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
            if case .array(let patchItems) = value, let mergeKey = ListMergeKeys.key(for: key, items: patchItems),
                case .array(let current)? = result[key]
            {
                result[key] = .array(mergeList(current, patchItems, key: mergeKey))
                continue
            }
            result[key] = apply(value, to: result[key] ?? .null, field: key)
        }
        return .object(result)
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
