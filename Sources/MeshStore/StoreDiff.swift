import Foundation
import MeshCore

/// Pure comparisons and merges the store needs: did the spec change (bump `generation`), is an
/// update a no-op (`unchanged`), and what an apply keeps from the stored object.
public enum StoreDiff {
    /// The annotation kubectl's client-side apply keeps, so removed fields can be pruned.
    public static let lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

    /// Whether anything outside metadata and status differs.
    ///
    /// Why: Kubernetes bumps `metadata.generation` only on spec changes, which is what
    /// `status.observedGeneration` and `kubectl rollout status` compare against.
    public static func specChanged(_ old: AnyResource, _ new: AnyResource) -> Bool {
        if let typed = typedSpecChanged(old, new) { return typed }
        guard var lhs = try? old.json(), var rhs = try? new.json() else { return true }
        for key in ["metadata", "status", "apiVersion", "kind"] {
            lhs[key] = nil
            rhs[key] = nil
        }
        return lhs != rhs
    }

    /// Whether two versions are the same object content (resourceVersion aside).
    public static func sameContent(_ old: AnyResource, _ new: AnyResource) -> Bool {
        var lhs = old
        var rhs = new
        lhs.metadata.resourceVersion = nil
        rhs.metadata.resourceVersion = nil
        lhs.metadata.managedFields = nil
        rhs.metadata.managedFields = nil
        return lhs == rhs
    }

    /// `existing` with the status of `incoming` (the `/status` subresource ignores everything else).
    public static func withStatus(of incoming: AnyResource, onto existing: AnyResource) -> AnyResource {
        if let typed = typedWithStatus(of: incoming, onto: existing) { return typed }
        guard var json = try? existing.json(), let status = try? incoming.json()["status"] else { return existing }
        json["status"] = status
        return (try? AnyResource.decode(json, as: type(of: existing.base))) ?? existing
    }

    /// The result of applying `incoming` over `existing`: the user's spec and the user's labels and
    /// annotations replace what they last applied; server-owned fields (status, uid, nodeName) stay.
    public static func applied(_ incoming: AnyResource, onto existing: AnyResource) -> AnyResource {
        guard var merged = try? incoming.json(), let old = try? existing.json() else { return incoming }
        if let status = old["status"] { merged["status"] = status }
        var lastApplied: JSONValue = .object([:])
        if let text = existing.metadata.annotations?[lastAppliedAnnotation],
            let value = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
        {
            lastApplied = value
        }
        var metadata = merged["metadata"] ?? .object([:])
        for field in ["labels", "annotations"] {
            var result = old["metadata"]?[field]?.objectValue ?? [:]
            for key in (lastApplied["metadata"]?[field]?.objectValue ?? [:]).keys { result[key] = nil }
            for (key, value) in merged["metadata"]?[field]?.objectValue ?? [:] { result[key] = value }
            if field == "annotations", let keep = old["metadata"]?["annotations"]?[lastAppliedAnnotation] {
                if result[lastAppliedAnnotation] == nil { result[lastAppliedAnnotation] = keep }
            }
            metadata[field] = result.isEmpty ? nil : .object(result)
        }
        for field in ["ownerReferences", "finalizers"] where metadata[field] == nil {
            metadata[field] = old["metadata"]?[field]
        }
        merged["metadata"] = metadata
        // Why: the scheduler owns `spec.nodeName`; an apply that doesn't name a node keeps the binding.
        if existing.resourceKind.kind == "Pod", merged["spec"]?["nodeName"] == nil,
            let node = old["spec"]?["nodeName"]
        {
            var spec = merged["spec"] ?? .object([:])
            spec["nodeName"] = node
            merged["spec"] = spec
        }
        return (try? AnyResource.decode(merged, as: type(of: existing.base))) ?? incoming
    }
}
