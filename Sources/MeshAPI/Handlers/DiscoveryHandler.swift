import Foundation
import MeshCore
import NIOHTTP1

/// API discovery as kube-apiserver serves it: aggregated (`apidiscovery.k8s.io/v2`) when the client
/// asks for it, legacy `APIVersions` / `APIGroupList` / `APIResourceList` otherwise.
enum DiscoveryHandler {
    static let aggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    /// Serves `/api`, `/apis`, `/apis/GROUP`, `/api/v1` and `/apis/GROUP/VERSION`; nil for other paths.
    static func handle(_ request: APIRequest) -> APIResponse? {
        let host = request.headers["Host"].first ?? "127.0.0.1"
        let accept = request.headers["Accept"].joined(separator: ",")
        let aggregated = accept.contains("as=APIGroupDiscoveryList")
        let parts = request.path.split(separator: "/").map(String.init)
        switch parts.count {
        case 1 where parts[0] == "api":
            if aggregated { return aggregatedResponse(groups: [""]) }
            return json([
                "kind": .string("APIVersions"), "versions": .array([.string("v1")]),
                "serverAddressByClientCIDRs": .array([
                    .object(["clientCIDR": .string("0.0.0.0/0"), "serverAddress": .string(host)])
                ]),
            ])
        case 1 where parts[0] == "apis":
            if aggregated { return aggregatedResponse(groups: groupNames) }
            return json([
                "kind": .string("APIGroupList"), "apiVersion": .string("v1"),
                "groups": .array(groupNames.map(groupJSON)),
            ])
        case 2 where parts[0] == "apis" && groupNames.contains(parts[1]):
            var group = groupJSON(parts[1])
            group["kind"] = .string("APIGroup")
            group["apiVersion"] = .string("v1")
            return .json(.ok, encode(group))
        case 2 where parts[0] == "api" && parts[1] == "v1":
            return resourceList(group: "", version: "v1")
        case 3 where parts[0] == "apis" && versions(of: parts[1]).contains(parts[2]):
            return resourceList(group: parts[1], version: parts[2])
        default:
            return nil
        }
    }

    /// Groups other than the core group, in discovery order.
    static var groupNames: [String] {
        var names: [String] = []
        for kind in ResourceRegistry.kinds where !kind.group.isEmpty && !names.contains(kind.group) {
            names.append(kind.group)
        }
        return names
    }

    /// Served versions of a group, preferred first (Istio: v1, v1beta1, v1alpha3).
    static func versions(of group: String) -> [String] {
        var result: [String] = []
        for kind in ResourceRegistry.kinds where kind.group == group {
            for version in [kind.version]
                + kind.acceptedVersions.compactMap({ accepted -> String? in
                    let pieces = accepted.split(separator: "/")
                    return pieces.count == 2 && pieces[0] == group ? String(pieces[1]) : nil
                }) where !result.contains(version)
            {
                result.append(version)
            }
        }
        // Why: only the current API versions are served; the legacy apps ones were removed in 1.16.
        if group == "apps" { return ["v1"] }
        return result.isEmpty ? ["v1"] : result
    }

    static func groupJSON(_ group: String) -> JSONValue {
        let list = versions(of: group).map {
            JSONValue.object(["groupVersion": .string("\(group)/\($0)"), "version": .string($0)])
        }
        return .object(["name": .string(group), "versions": .array(list), "preferredVersion": list[0]])
    }

    static func kinds(group: String, version: String) -> [ResourceKind] {
        ResourceRegistry.kinds.filter { $0.group == group && versions(of: group).contains(version) }
    }

    static func verbs(_ kind: ResourceKind) -> JSONValue {
        .array(
            ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"].map(JSONValue.string))
    }

    static func categories(_ kind: ResourceKind) -> [String] {
        if ["Pod", "Service", "Deployment", "ReplicaSet"].contains(kind.kind) { return ["all"] }
        if kind.group == "networking.istio.io" { return ["istio-io", "networking-istio-io"] }
        return []
    }

    static func resourceList(group: String, version: String) -> APIResponse {
        var resources: [JSONValue] = []
        for kind in kinds(group: group, version: version) {
            resources.append(
                .object([
                    "name": .string(kind.plural), "singularName": .string(kind.singular),
                    "namespaced": .bool(kind.namespaced), "kind": .string(kind.kind), "verbs": verbs(kind),
                    "shortNames": .array(kind.shortNames.map(JSONValue.string)),
                    "categories": .array(categories(kind).map(JSONValue.string)),
                ]))
            for sub in subresources(kind) {
                resources.append(
                    .object([
                        "name": .string("\(kind.plural)/\(sub.name)"), "singularName": .string(""),
                        "namespaced": .bool(kind.namespaced), "kind": .string(sub.kind), "group": .string(sub.group),
                        "version": .string(sub.version), "verbs": .array(sub.verbs.map(JSONValue.string)),
                    ]))
            }
        }
        return json([
            "kind": .string("APIResourceList"), "apiVersion": .string("v1"),
            "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(resources),
        ])
    }

    struct Subresource {
        var name: String
        var group: String
        var version: String
        var kind: String
        var verbs: [String]
    }

    static func subresources(_ kind: ResourceKind) -> [Subresource] {
        switch kind.kind {
        case "Pod":
            return [
                Subresource(name: "log", group: "", version: "v1", kind: "Pod", verbs: ["get"]),
                Subresource(name: "status", group: "", version: "v1", kind: "Pod", verbs: ["get", "patch", "update"]),
            ]
        case "Deployment", "ReplicaSet":
            return [
                Subresource(
                    name: "scale", group: "autoscaling", version: "v1", kind: "Scale",
                    verbs: ["get", "patch", "update"]),
                Subresource(
                    name: "status", group: "apps", version: "v1", kind: kind.kind, verbs: ["get", "patch", "update"]),
            ]
        default:
            return []
        }
    }

    static func aggregatedResponse(groups: [String]) -> APIResponse {
        var items: [JSONValue] = []
        for group in groups {
            var versionItems: [JSONValue] = []
            for version in versions(of: group) {
                let resources: [JSONValue] = kinds(group: group, version: version).map { kind in
                    .object([
                        "resource": .string(kind.plural),
                        "responseKind": .object([
                            "group": .string(group), "version": .string(version), "kind": .string(kind.kind),
                        ]),
                        "scope": .string(kind.namespaced ? "Namespaced" : "Cluster"),
                        "singularResource": .string(kind.singular), "verbs": verbs(kind),
                        "shortNames": .array(kind.shortNames.map(JSONValue.string)),
                        "categories": .array(categories(kind).map(JSONValue.string)),
                        "subresources": .array(
                            subresources(kind).map { sub in
                                .object([
                                    "subresource": .string(sub.name),
                                    "responseKind": .object([
                                        "group": .string(sub.group), "version": .string(sub.version),
                                        "kind": .string(sub.kind),
                                    ]),
                                    "verbs": .array(sub.verbs.map(JSONValue.string)),
                                ])
                            }),
                    ])
                }
                versionItems.append(
                    .object([
                        "version": .string(version), "freshness": .string("Current"), "resources": .array(resources),
                    ]))
            }
            items.append(
                .object([
                    "metadata": .object(["name": .string(group), "creationTimestamp": .null]),
                    "versions": .array(versionItems),
                ]))
        }
        let body: JSONValue = .object([
            "kind": .string("APIGroupDiscoveryList"), "apiVersion": .string("apidiscovery.k8s.io/v2"),
            "metadata": .object([:]), "items": .array(items),
        ])
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: aggregatedContentType)
        return .full(status: .ok, headers: headers, body: encode(body))
    }

    static func json(_ members: [String: JSONValue]) -> APIResponse { .json(.ok, encode(.object(members))) }

    static func encode(_ value: JSONValue) -> [UInt8] { Array((try? JSONCoding.encoder.encode(value)) ?? Data()) }
}
