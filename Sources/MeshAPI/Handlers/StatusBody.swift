import Foundation
import MeshCore
import MeshStore
import NIOHTTP1

/// Kubernetes `metav1.Status` failure bodies, as kubectl parses and prints them.
public enum StatusBody {
    /// A Status for a store error.
    /// Why: kube-apiserver names the plural in `details.kind` for NotFound, AlreadyExists and
    /// Conflict, but the Kind for Invalid, and kubectl prints `The <details.kind> "<name>" is invalid`.
    public static func response(for error: StoreError) -> APIResponse {
        let kind = error.key.flatMap { ResourceRegistry.type(forKind: $0.kind)?.resourceKind }
        return response(
            code: error.httpStatus, reason: error.reason.rawValue, message: error.message, name: error.key?.name,
            kind: error.reason == .invalid ? kind?.kind : kind?.plural, group: kind?.group, causes: error.causes)
    }

    /// A Status with explicit fields; every cause carries `causeReason`.
    public static func response(
        code: Int, reason: String, message: String, name: String? = nil, kind: String? = nil, group: String? = nil,
        causes: [FieldError] = [], causeReason: String = "FieldValueInvalid"
    ) -> APIResponse {
        var details: [String: JSONValue] = [:]
        if let name { details["name"] = .string(name) }
        if let group, !group.isEmpty { details["group"] = .string(group) }
        if let kind { details["kind"] = .string(kind) }
        if !causes.isEmpty {
            details["causes"] = .array(
                causes.map {
                    .object([
                        "reason": .string(causeReason), "message": .string($0.message),
                        "field": .string($0.path),
                    ])
                })
        }
        var body: [String: JSONValue] = [
            "kind": .string("Status"), "apiVersion": .string("v1"), "metadata": .object([:]),
            "status": .string("Failure"), "message": .string(message), "reason": .string(reason), "code": .int(code),
        ]
        if !details.isEmpty { body["details"] = .object(details) }
        if reason.isEmpty { body["reason"] = nil }
        let bytes = (try? JSONCoding.encoder.encode(JSONValue.object(body))) ?? Data()
        return .json(HTTPResponseStatus(statusCode: code), Array(bytes))
    }

    /// A success Status (what DELETE of a collection answers).
    public static func success(name: String, kind: String) -> APIResponse {
        let body: JSONValue = .object([
            "kind": .string("Status"), "apiVersion": .string("v1"), "metadata": .object([:]),
            "status": .string("Success"), "details": .object(["name": .string(name), "kind": .string(kind)]),
        ])
        return .json(.ok, Array((try? JSONCoding.encoder.encode(body)) ?? Data()))
    }
}
