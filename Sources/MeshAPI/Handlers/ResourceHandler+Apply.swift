import Foundation
import MeshCore
import MeshStore
import NIOHTTP1

extension ResourceHandler {
    /// Who a request writes as: `fieldManager`, else the user agent's product (`kubectl`), with the
    /// API version of the URL; the store stamps the time.
    static func writer(_ request: APIRequest, path: ResourcePath, subresource: String? = nil) -> FieldManager.Writer {
        let given = request.query["fieldManager"] ?? ""
        let manager =
            given.isEmpty ? FieldManager.Writer.defaultManager(userAgent: request.headers["User-Agent"].first) : given
        return FieldManager.Writer(
            manager: manager, apiVersion: path.group.isEmpty ? path.version : "\(path.group)/\(path.version)",
            subresource: subresource, time: "")
    }

    /// Server-side apply (`application/apply-patch+yaml`): the body is the manager's whole intent;
    /// it is merged into the live object (or creates it), with ownership and conflicts decided by
    /// `FieldManager.apply`.
    func serverSideApply(_ request: APIRequest, type: any KubeResource.Type, path: ResourcePath, name: String) async
        -> APIResponse
    {
        guard let manager = request.query["fieldManager"], !manager.isEmpty else {
            // Why: kube-apiserver's ValidatePatchOptions requires a manager for apply patches.
            return StatusBody.response(
                code: 422, reason: "Invalid",
                message:
                    "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
                causes: [FieldError(path: "fieldManager", message: "Required value: is required for apply patch")])
        }
        guard var config = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(request.bodyBytes)) else {
            return StatusBody.response(
                code: 400, reason: "BadRequest", message: "the body of the request was in an unknown format")
        }
        config["status"] = nil
        // Why: like kube-apiserver's patch handler, a merge computed against an object that changed
        // meanwhile (a controller's status write) is recomputed, up to five times.
        return await Self.retryingStale {
            await applyOnce(request, config: config, type: type, path: path, name: name)
        }
    }

    /// Runs `attempt` until its answer is not stale, at most five times (kube-apiserver's patch
    /// handler retries a patch whose object changed between its read and its write).
    static func retryingStale(_ attempt: () async -> (APIResponse, stale: Bool)) async -> APIResponse {
        var response = StatusBody.response(code: 500, reason: "InternalError", message: "the write was not attempted")
        for _ in 1...5 {
            let (answer, stale) = await attempt()
            response = answer
            if !stale { break }
        }
        return response
    }

    /// One attempt; `stale` when the live object changed between the read and the write.
    private func applyOnce(
        _ request: APIRequest, config: JSONValue, type: any KubeResource.Type, path: ResourcePath, name: String
    ) async -> (APIResponse, stale: Bool) {
        let kind = type.resourceKind
        let namespace = kind.namespaced ? path.namespace : nil
        let key = ObjectKey(kind: kind.kind, namespace: namespace ?? "", name: name)
        let live = await store.get(key)
        let liveJSON = try? live?.json()
        var merged = config
        if let liveJSON {
            merged =
                kind.isCustomResource
                ? JSONMergePatch.apply(config, to: liveJSON) : StrategicMergePatch.apply(config, to: liveJSON)
        }
        var writer = Self.writer(request, path: path)
        writer.time = Timestamp.format(SystemClock().now())
        let outcome = FieldManager.apply(
            FieldManager.entries(live?.metadata.managedFields), live: liveJSON, config: config, merged: merged,
            by: writer, force: request.query["force"] == "true", associativeLists: !kind.isCustomResource)
        switch outcome {
        case .failure(let conflicts):
            return (Self.conflictResponse(conflicts), false)
        case .success(let applied):
            // Why: an apply body may be partial (kubectl's `kubectl-last-applied` migration sends only
            // metadata), so the merged object is what is decoded and checked, strictness included.
            var object: AnyResource
            switch decodeObject(applied.object, query: request.query, type: type, namespace: namespace, name: name) {
            case .success(let decoded): object = decoded
            case .failure(let error): return (error.response, false)
            }
            do {
                object.metadata.managedFields = FieldManager.json(applied.entries)
                let dryRun = request.query["dryRun"] == "All"
                if live == nil {
                    let results = try await store.write([.create(object)], dryRun: dryRun)
                    return (encode(results.first?.object, status: .created), false)
                }
                object.metadata.resourceVersion = live?.metadata.resourceVersion
                let results = try await store.write([.update(object)], dryRun: dryRun)
                return (encode(results.first?.object), false)
            } catch {
                return (StatusBody.response(for: error), error.reason == .conflict || error.reason == .alreadyExists)
            }
        }
    }

    /// kube-apiserver's `NewApplyConflict`: 409 Conflict, one `FieldManagerConflict` cause per field.
    static func conflictResponse(_ conflicts: FieldManager.Conflicts) -> APIResponse {
        StatusBody.response(
            code: 409, reason: "Conflict", message: conflicts.message,
            causes: conflicts.conflicts.map {
                FieldError(path: $0.path.description, message: "conflict with \($0.manager)")
            }, causeReason: "FieldManagerConflict")
    }
}
