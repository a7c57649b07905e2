import Foundation
import MeshCore
import MeshManifest
import MeshStore
import NIOHTTP1

extension ResourceHandler {
    /// The `/scale` subresource: an `autoscaling/v1` Scale view of `spec.replicas`.
    func scale(_ request: APIRequest, kind: ResourceKind, path: ResourcePath, name: String) async -> APIResponse {
        let namespace = path.namespace ?? "default"
        let key = ObjectKey(kind: kind.kind, namespace: namespace, name: name)
        guard var json = try? await store.get(key)?.json() else {
            return StatusBody.response(
                code: 404, reason: "NotFound", message: "\(kind.qualifiedPlural) \"\(name)\" not found", name: name,
                kind: kind.plural)
        }
        if request.method == .PATCH || request.method == .PUT {
            guard let body = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(request.bodyBytes)) else {
                return StatusBody.response(
                    code: 400, reason: "BadRequest", message: "the body of the request was in an unknown format")
            }
            let current = Self.scaleObject(json)
            let patched = request.method == .PUT ? body : JSONMergePatch.apply(body, to: current)
            guard let replicas = patched["spec"]?["replicas"]?.intValue else {
                return StatusBody.response(
                    code: 422, reason: "Invalid",
                    message: "Scale.autoscaling \"\(name)\" is invalid: spec.replicas: Required value")
            }
            var spec = json["spec"] ?? .object([:])
            spec["replicas"] = .int(replicas)
            json["spec"] = spec
            do {
                var object = try AnyResource.decode(json, as: ResourceRegistry.type(forKind: kind.kind)!)
                object.metadata.resourceVersion = nil
                let results = try await store.write(
                    [.update(object)], writer: Self.writer(request, path: path, subresource: "scale"))
                json = (try? results.first?.object.json()) ?? json
            } catch let error as StoreError {
                return StatusBody.response(for: error)
            } catch {
                return StatusBody.response(code: 500, reason: "InternalError", message: "\(error)")
            }
        }
        return .json(.ok, Array((try? JSONCoding.encoder.encode(Self.scaleObject(json))) ?? Data()))
    }

    static func scaleObject(_ json: JSONValue) -> JSONValue {
        let metadata = json["metadata"] ?? .object([:])
        let labels = json["spec"]?["selector"]?["matchLabels"]?.objectValue ?? [:]
        let selector = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(
            separator: ",")
        return .object([
            "kind": .string("Scale"), "apiVersion": .string("autoscaling/v1"),
            "metadata": .object([
                "name": metadata["name"] ?? .null, "namespace": metadata["namespace"] ?? .null,
                "uid": metadata["uid"] ?? .null,
                "resourceVersion": metadata["resourceVersion"] ?? .null,
                "creationTimestamp": metadata["creationTimestamp"] ?? .null,
            ]),
            "spec": .object(["replicas": json["spec"]?["replicas"] ?? .int(1)]),
            "status": .object(["replicas": json["status"]?["replicas"] ?? .int(0), "selector": .string(selector)]),
        ])
    }
}
