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
        guard let existing = await store.get(key), var json = try? existing.json() else {
            return StatusBody.response(
                code: 404, reason: "NotFound", message: "\(kind.qualifiedPlural) \"\(name)\" not found", name: name,
                kind: kind.plural)
        }
        guard let patch = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(request.bodyBytes)) else {
            return StatusBody.response(
                code: 400, reason: "BadRequest", message: "the body of the request was in an unknown format")
        }
        let contentType = request.headers["Content-Type"].first ?? "application/merge-patch+json"
        if contentType.hasPrefix("application/json-patch+json") {
            do {
                json = try JSONPatch.apply(patch, to: json)
            } catch {
                return StatusBody.response(
                    code: 422, reason: "Invalid", message: "the patch could not be applied: \(error)")
            }
        } else if contentType.hasPrefix("application/strategic-merge-patch+json")
            || (isApply && kind.group != "networking.istio.io")
        {
            json = StrategicMergePatch.apply(patch, to: json)
        } else {
            json = JSONMergePatch.apply(patch, to: json)
        }
        do {
            var object = try AnyResource.decode(json, as: type)
            object.metadata.resourceVersion = nil
            let results = try await store.write(
                [status ? .updateStatus(object) : .update(object)], dryRun: request.query["dryRun"] == "All",
                writer: status ? nil : Self.writer(request, path: path))
            return encode(results.first?.object)
        } catch let error as StoreError {
            return StatusBody.response(for: error)
        } catch {
            return StatusBody.response(
                code: 422, reason: "Invalid", message: "\(kind.kind) \"\(name)\" is invalid: \(error)")
        }
    }
}
