import Foundation
import MeshCore
import MeshStore

/// `POST /meshsim/v1/apply`: a whole `meshsim apply` as one transaction (all objects or none).
struct ApplyHandler {
    let store: ObjectStore

    func handle(_ request: APIRequest) async -> APIResponse {
        guard let body = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(request.bodyBytes)),
            let items = body["objects"]?.arrayValue
        else {
            return StatusBody.response(code: 400, reason: "BadRequest", message: "expected {\"objects\": [...]}")
        }
        var operations: [WriteOperation] = []
        for (index, item) in items.enumerated() {
            guard let kind = item["kind"]?.stringValue, let type = ResourceRegistry.type(forKind: kind) else {
                return StatusBody.response(
                    code: 400, reason: "BadRequest",
                    message: "object \(index): unknown kind \(item["kind"]?.stringValue ?? "")")
            }
            do {
                var object = try AnyResource.decode(item, as: type)
                if object.resourceKind.namespaced, object.metadata.namespace == nil {
                    object.metadata.namespace = "default"
                }
                operations.append(
                    body["delete"] == .bool(true) ? .delete(object.key, gracePeriodSeconds: nil) : .apply(object))
            } catch {
                return StatusBody.response(
                    code: 400, reason: "BadRequest", message: "object \(index): \(DecodingErrorText.describe(error))")
            }
        }
        do {
            let results = try await store.write(
                operations, writer: FieldManager.Writer(manager: "meshsim", apiVersion: "", time: ""))
            let out: JSONValue = .object([
                "results": .array(
                    results.map { result in
                        .object([
                            "kind": .string(result.object.resourceKind.kind),
                            "name": .string(result.object.metadata.nameOrEmpty),
                            "namespace": .string(result.object.metadata.namespace ?? ""),
                            "display": .string(result.object.displayName),
                            "outcome": .string(result.outcome.rawValue),
                        ])
                    })
            ])
            return .json(.ok, Array((try? JSONCoding.encoder.encode(out)) ?? Data()))
        } catch {
            return StatusBody.response(for: error)
        }
    }
}
