import Foundation
import MeshCore
import MeshManifest
import MeshStore
import NIOHTTP1

/// The Kubernetes REST verbs over the store: list, get, create, update, patch, delete, watch.
public struct ResourceHandler: Sendable {
    let store: ObjectStore

    /// Creates a handler over the store.
    public init(store: ObjectStore) { self.store = store }

    /// Serves one resource request; objects read through an older served version (Istio's
    /// `v1alpha3`, `v1beta1`) come back with that `apiVersion`, as a CRD with several served versions does.
    public func handle(_ request: APIRequest, path: ResourcePath) async -> APIResponse {
        let response = await serve(request, path: path)
        guard let type = path.type else { return response }
        let served = path.group.isEmpty ? path.version : "\(path.group)/\(path.version)"
        guard served != type.resourceKind.apiVersion, case .full(let status, let headers, let body) = response,
            status.code < 300, var json = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(body))
        else { return response }
        if json["kind"]?.stringValue == type.resourceKind.kind { json["apiVersion"] = .string(served) }
        if json["kind"]?.stringValue == type.resourceKind.kind + "List", let items = json["items"]?.arrayValue {
            json["apiVersion"] = .string(served)
            json["items"] = .array(
                items.map { item in
                    var copy = item
                    copy["apiVersion"] = .string(served)
                    return copy
                })
        }
        return .full(status: status, headers: headers, body: Array((try? JSONCoding.encoder.encode(json)) ?? Data()))
    }

    func serve(_ request: APIRequest, path: ResourcePath) async -> APIResponse {
        guard let type = path.type else {
            return StatusBody.response(
                code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        let kind = type.resourceKind
        let namespace = kind.namespaced ? path.namespace : nil
        if path.subresource == "scale", let name = path.name, kind.kind == "Deployment" || kind.kind == "ReplicaSet" {
            return await scale(request, kind: kind, path: path, name: name)
        }
        switch (request.method, path.name, path.subresource) {
        case (.GET, nil, _):
            if request.query["watch"] == "true" || request.query["watch"] == "1" {
                return await watch(type, namespace: namespace, request: request)
            }
            if Self.wantsTable(request) {
                return await table(type, namespace: namespace, names: nil, query: request.query)
            }
            return await list(type, namespace: namespace, query: request.query)
        case (.GET, let name?, nil) where Self.wantsTable(request):
            return await table(type, namespace: namespace, names: [name], query: request.query)
        case (.GET, let name?, _):
            let key = ObjectKey(kind: kind.kind, namespace: namespace ?? "", name: name)
            guard let object = await store.get(key) else {
                return StatusBody.response(
                    code: 404, reason: "NotFound", message: "\(kind.qualifiedPlural) \"\(name)\" not found", name: name,
                    kind: kind.plural)
            }
            return encode(object)
        case (.POST, nil, _):
            return await write(
                request, type: type, namespace: namespace, name: nil, writer: Self.writer(request, path: path)
            ) {
                .create($0)
            }
        case (.PUT, let name?, let sub):
            return await write(
                request, type: type, namespace: namespace, name: name,
                writer: sub == "status" ? nil : Self.writer(request, path: path)
            ) {
                sub == "status" ? .updateStatus($0) : .update($0)
            }
        case (.PATCH, let name?, let sub):
            return await patch(request, type: type, path: path, name: name, status: sub == "status")
        case (.DELETE, let name?, nil):
            let key = ObjectKey(kind: kind.kind, namespace: namespace ?? "", name: name)
            var grace: Int? = request.query["gracePeriodSeconds"].flatMap(Int.init)
            if let body = request.body,
                let options = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(body.readableBytesView))
            {
                grace = options["gracePeriodSeconds"]?.intValue ?? grace
            }
            do {
                let results = try await store.write(
                    [.delete(key, gracePeriodSeconds: grace)], dryRun: request.query["dryRun"] == "All")
                return encode(results.first?.object)
            } catch {
                return StatusBody.response(for: error)
            }
        default:
            return StatusBody.response(
                code: 405, reason: "MethodNotAllowed",
                message: "the server does not allow this method on the requested resource")
        }
    }

    // MARK: - Reads

    /// kubectl asks for `application/json;as=Table;v=v1;g=meta.k8s.io` to print its columns.
    static func wantsTable(_ request: APIRequest) -> Bool {
        request.headers["Accept"].joined(separator: ",").contains("as=Table")
    }

    func table(_ type: any KubeResource.Type, namespace: String?, names: [String]?, query: [String: String])
        async -> APIResponse
    {
        let kind = type.resourceKind
        var objects = await store.list(kind: kind.kind, namespace: namespace)
        if let names {
            objects = objects.filter { names.contains($0.metadata.nameOrEmpty) }
            if objects.isEmpty {
                return StatusBody.response(
                    code: 404, reason: "NotFound", message: "\(kind.qualifiedPlural) \"\(names[0])\" not found",
                    name: names[0], kind: kind.plural)
            }
        }
        if let text = query["labelSelector"], !text.isEmpty, let selector = try? LabelQuery(parsing: text) {
            objects = objects.filter { selector.matches($0.metadata.labels) }
        }
        let fields = FieldQuery(query["fieldSelector"])
        if !fields.isEmpty {
            objects = objects.filter { object in (try? object.json()).map(fields.matches) ?? false }
        }
        let table = KindPrinter.table(kind: kind, objects: objects, now: SystemClock().now())
        let partials = objects.map { KindPrinter.partialMetadata($0.metadata) }
        var body = table.json(objects: partials)
        body["metadata"] = .object(["resourceVersion": .string(String(await store.revision))])
        return .json(.ok, Array((try? JSONCoding.encoder.encode(body)) ?? Data()))
    }

    func list(_ type: any KubeResource.Type, namespace: String?, query: [String: String]) async -> APIResponse {
        let kind = type.resourceKind
        let selector: LabelQuery?
        do {
            selector = try query["labelSelector"].flatMap { $0.isEmpty ? nil : try LabelQuery(parsing: $0) }
        } catch let error as LabelQueryError {
            return StatusBody.response(code: 400, reason: "BadRequest", message: error.description)
        } catch {
            return StatusBody.response(code: 400, reason: "BadRequest", message: "\(error)")
        }
        let fields = FieldQuery(query["fieldSelector"])
        let (objects, revision) = await (
            store.list(kind: kind.kind, namespace: namespace, fieldEquals: fields.equalities), store.revision
        )
        let encoder = JSONCoding.encoder
        var body = Data()
        body.append(contentsOf: Array("{\"apiVersion\":\"\(kind.apiVersion)\",\"items\":[".utf8))
        var first = true
        for object in objects where selector?.matches(object.metadata.labels) ?? true {
            if !fields.isEmpty {
                guard let json = try? object.json(), fields.matches(json) else { continue }
            }
            guard let bytes = try? encoder.encode(object.base) else { continue }
            if !first { body.append(0x2C) }
            first = false
            body.append(bytes)
        }
        body.append(
            contentsOf: Array(
                "],\"kind\":\"\(kind.kind)List\",\"metadata\":{\"resourceVersion\":\"\(revision)\"}}".utf8))
        return .json(.ok, Array(body))
    }

    // MARK: - Writes

    func write(
        _ request: APIRequest, type: any KubeResource.Type, namespace: String?, name: String?,
        writer: FieldManager.Writer?, operation: (AnyResource) -> WriteOperation
    ) async -> APIResponse {
        let object: AnyResource
        switch decodeBody(request, type: type, namespace: namespace, name: name) {
        case .success(let decoded): object = decoded
        case .failure(let error): return error.response
        }
        do {
            let results = try await store.write(
                [operation(object)], dryRun: request.query["dryRun"] == "All", writer: writer)
            let status: HTTPResponseStatus = results.first?.outcome == .created ? .created : .ok
            return encode(results.first?.object, status: status)
        } catch {
            return StatusBody.response(for: error)
        }
    }

    func decodeBody(
        _ request: APIRequest, type: any KubeResource.Type, namespace: String?, name: String?
    ) -> Result<AnyResource, ResponseError> {
        let isProtobuf = request.headers["Content-Type"].first?.hasPrefix("application/vnd.kubernetes.protobuf") == true
        let parsed =
            isProtobuf
            ? try? KubernetesProtobuf.json(request.bodyBytes)
            : try? JSONCoding.decoder.decode(JSONValue.self, from: Data(request.bodyBytes))
        guard let json = parsed else {
            return .failure(
                ResponseError(
                    StatusBody.response(
                        code: 400, reason: "BadRequest", message: "the body of the request was in an unknown format")))
        }
        return decodeObject(json, query: request.query, type: type, namespace: namespace, name: name)
    }

    /// Decodes and checks an object: its kind, its name against the URL's, its namespace, and with
    /// `fieldValidation=Strict` its unknown fields.
    func decodeObject(
        _ json: JSONValue, query: [String: String], type: any KubeResource.Type, namespace: String?, name: String?
    ) -> Result<AnyResource, ResponseError> {
        let kind = type.resourceKind
        if let bodyKind = json["kind"]?.stringValue, bodyKind != kind.kind {
            return .failure(
                ResponseError(
                    StatusBody.response(
                        code: 400, reason: "BadRequest",
                        message:
                            "the API version in the data (\(json["apiVersion"]?.stringValue ?? "")) does not match the expected API version (\(kind.apiVersion))"
                    )))
        }
        do {
            var object = try AnyResource.decode(json, as: type)
            // Why: kubectl sends fieldValidation=Strict once OpenAPI says the server validates.
            if query["fieldValidation"] == "Strict" {
                let unknown = StrictDecoding.unknownFields(input: json, object: object)
                if !unknown.isEmpty {
                    let version = json["apiVersion"]?.stringValue ?? kind.apiVersion
                    return .failure(
                        ResponseError(
                            StatusBody.response(
                                code: 400, reason: "BadRequest",
                                message:
                                    "\(kind.kind) in version \"\(version.split(separator: "/").last ?? "")\" cannot be handled as a \(kind.kind): strict decoding error: "
                                    + unknown.map { "unknown field \"\($0)\"" }.joined(separator: ", "))))
                }
            }
            if let name, object.metadata.name != name {
                return .failure(
                    ResponseError(
                        StatusBody.response(
                            code: 400, reason: "BadRequest",
                            message:
                                "the name of the object (\(object.metadata.nameOrEmpty)) does not match the name on the URL (\(name))"
                        )))
            }
            if kind.namespaced {
                if let given = object.metadata.namespace, let namespace, given != namespace {
                    return .failure(
                        ResponseError(
                            StatusBody.response(
                                code: 400, reason: "BadRequest",
                                message:
                                    "the namespace of the provided object does not match the namespace sent on the request"
                            )))
                }
                object.metadata.namespace = namespace ?? object.metadata.namespace ?? "default"
            }
            return .success(object)
        } catch {
            return .failure(
                ResponseError(
                    StatusBody.response(
                        code: 400, reason: "BadRequest",
                        message: "error decoding \(kind.kind): \(DecodingErrorText.describe(error))")))
        }
    }

    func encode(_ object: AnyResource?, status: HTTPResponseStatus = .ok) -> APIResponse {
        guard let object, let bytes = try? JSONCoding.encoder.encode(object.base) else {
            return StatusBody.response(code: 500, reason: "InternalError", message: "encoding failed")
        }
        return .json(status, Array(bytes))
    }
}

/// A ready-made error reply travelling through a `Result`.
struct ResponseError: Error {
    let response: APIResponse
    init(_ response: APIResponse) { self.response = response }
}
