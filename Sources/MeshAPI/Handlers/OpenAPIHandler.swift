import Foundation
import MeshCore

/// The least OpenAPI v3 that lets stock `kubectl apply` hand validation to the server: an index of
/// every served group-version, and per group-version one PATCH operation per kind that accepts the
/// `fieldValidation` query parameter (cli-runtime's `query_param_verifier_v3.go` checks exactly this).
enum OpenAPIHandler {
    /// Serves `/openapi/v3` and `/openapi/v3/...`; nil for other paths.
    static func handle(_ request: APIRequest) -> APIResponse? {
        guard request.method == .GET, request.path.hasPrefix("/openapi/v3") else { return nil }
        let rest = request.path.dropFirst("/openapi/v3".count).drop { $0 == "/" }
        if rest.isEmpty {
            var paths: [String: JSONValue] = [:]
            for (group, version) in groupVersions {
                let path = group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
                paths[path] = .object(["serverRelativeURL": .string("/openapi/v3/\(path)?hash=meshsim1")])
            }
            return json(.object(["paths": .object(paths)]))
        }
        let parts = rest.split(separator: "/").map(String.init)
        let (group, version): (String, String)
        if parts.count == 2, parts[0] == "api" {
            (group, version) = ("", parts[1])
        } else if parts.count == 3, parts[0] == "apis" {
            (group, version) = (parts[1], parts[2])
        } else {
            return nil
        }
        guard groupVersions.contains(where: { $0 == (group, version) }) else { return nil }
        var paths: [String: JSONValue] = [:]
        for kind in DiscoveryHandler.kinds(group: group, version: version) {
            paths["/\(kind.plural)/{name}"] = .object([
                "patch": .object([
                    "x-kubernetes-group-version-kind": .object([
                        "group": .string(group), "version": .string(version), "kind": .string(kind.kind),
                    ]),
                    "parameters": .array([.object(["name": .string("fieldValidation"), "in": .string("query")])]),
                ])
            ])
        }
        return json(.object(["openapi": .string("3.0.0"), "paths": .object(paths)]))
    }

    static var groupVersions: [(String, String)] {
        var result: [(String, String)] = [("", "v1")]
        for group in DiscoveryHandler.groupNames {
            for version in DiscoveryHandler.versions(of: group) { result.append((group, version)) }
        }
        return result
    }

    static func json(_ value: JSONValue) -> APIResponse {
        .json(.ok, Array((try? JSONCoding.encoder.encode(value)) ?? Data()))
    }
}
