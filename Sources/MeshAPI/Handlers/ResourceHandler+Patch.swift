import Foundation
import MeshCore
import MeshManifest
import MeshStore
import NIOHTTP1

extension ResourceHandler {
    func patch(
        _ request: APIRequest, type: any KubeResource.Type, path: ResourcePath, name: String, status: Bool
    ) async -> APIResponse {
        let kind = type.resourceKind
        let namespace = kind.namespaced ? path.namespace : nil
        let key = ObjectKey(kind: kind.kind, namespace: namespace ?? "", name: name)
        let isApply = request.headers["Content-Type"].first?.hasPrefix("application/apply-patch") ?? false
        if isApply, !status {
            return await serverSideApply(request, type: type, path: path, name: name)
        }
        guard let patch = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(request.bodyBytes)) else {
            return StatusBody.response(
                code: 400, reason: "BadRequest", message: "the body of the request was in an unknown format")
        }
        // Why: kube-apiserver applies a patch to the object it read and retries (up to five times)
        // when another writer got in between, unless the patch itself pinned a resourceVersion.
        return await Self.retryingStale {
            await patchOnce(request, patch: patch, type: type, path: path, key: key, status: status)
        }
    }

    private func patchOnce(
        _ request: APIRequest, patch: JSONValue, type: any KubeResource.Type, path: ResourcePath, key: ObjectKey,
        status: Bool
    ) async -> (APIResponse, stale: Bool) {
        let kind = type.resourceKind
        guard let existing = await store.get(key), var json = try? existing.json() else {
            return (
                StatusBody.response(
                    code: 404, reason: "NotFound", message: "\(kind.qualifiedPlural) \"\(key.name)\" not found",
                    name: key.name, kind: kind.plural), false
            )
        }
        let contentType = request.headers["Content-Type"].first ?? "application/merge-patch+json"
        if contentType.hasPrefix("application/json-patch+json") {
            do {
                json = try JSONPatch.apply(patch, to: json)
            } catch {
                return (
                    StatusBody.response(
                        code: 422, reason: "Invalid", message: "the patch could not be applied: \(error)"), false
                )
            }
        } else if contentType.hasPrefix("application/strategic-merge-patch+json")
            || (contentType.hasPrefix("application/apply-patch") && !kind.isCustomResource)
        {
            json = StrategicMergePatch.apply(patch, to: json)
        } else {
            json = JSONMergePatch.apply(patch, to: json)
        }
        let object: AnyResource
        do {
            object = try AnyResource.decode(json, as: type)
        } catch {
            return (
                StatusBody.response(
                    code: 422, reason: "Invalid", message: "\(kind.kind) \"\(key.name)\" is invalid: \(error)"), false
            )
        }
        // The object carries the resourceVersion it was read at, so a concurrent write conflicts.
        let pinned = object.metadata.resourceVersion != existing.metadata.resourceVersion
        do {
            let results = try await store.write(
                [status ? .updateStatus(object) : .update(object)], dryRun: request.query["dryRun"] == "All",
                writer: status ? nil : Self.writer(request, path: path))
            return (encode(results.first?.object), false)
        } catch {
            return (StatusBody.response(for: error), error.reason == .conflict && !pinned)
        }
    }
}
