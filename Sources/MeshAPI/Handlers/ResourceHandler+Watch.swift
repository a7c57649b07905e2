import Foundation
import MeshCore
import MeshManifest
import MeshStore
import NIOHTTP1

extension ResourceHandler {
    func watch(_ type: any KubeResource.Type, namespace: String?, request: APIRequest) async -> APIResponse {
        let query = request.query
        let kind = type.resourceKind
        let selector = try? query["labelSelector"].flatMap { $0.isEmpty ? nil : try LabelQuery(parsing: $0) }
        let fields = FieldQuery(query["fieldSelector"])
        let asTable = Self.wantsTable(request)
        // Subscribe first, then read history, so no change falls between the two.
        let events = store.watch(kinds: [kind.kind])
        let requested = query["resourceVersion"].flatMap(Int.init) ?? 0
        var initial: [WatchEvent] = []
        var expired = false
        if requested == 0 {
            let revision = await store.revision
            initial = await store.list(kind: kind.kind, namespace: namespace).map {
                WatchEvent(type: .added, object: $0, previous: nil, revision: revision)
            }
        } else if let history = await store.history(after: requested, kinds: [kind.kind]) {
            initial = history
        } else {
            expired = true
        }
        let currentRevision = await store.revision
        let lastInitial = initial.map(\.revision).max() ?? (requested == 0 ? currentRevision : requested)
        let timeout = query["timeoutSeconds"].flatMap(Double.init)
        let (chunks, continuation) = AsyncStream<[UInt8]>.makeStream()
        let encoder = JSONCoding.encoder
        let task = Task {
            func send(_ type: String, _ object: AnyResource, encoded: String? = nil) {
                guard namespace == nil || object.key.namespace == namespace,
                    selector?.matches(object.metadata.labels) ?? true
                else { return }
                if !fields.isEmpty {
                    guard let json = try? object.json(), fields.matches(json) else { return }
                }
                if !asTable {
                    // The store's own encoding of the object, shared by every watcher.
                    var bytes = Array("{\"type\":\"\(type)\",\"object\":".utf8)
                    if let encoded {
                        bytes.append(contentsOf: Array(encoded.utf8))
                    } else {
                        guard let body = try? encoder.encode(object.base) else { return }
                        bytes.append(contentsOf: body)
                    }
                    bytes.append(contentsOf: Array("}\n".utf8))
                    continuation.yield(bytes)
                    return
                }
                guard let json = try? object.json() else { return }
                var table = KindPrinter.table(kind: kind, items: [json], now: SystemClock().now()).json(objects: [
                    .object([
                        "kind": .string("PartialObjectMetadata"), "apiVersion": .string("meta.k8s.io/v1"),
                        "metadata": json["metadata"] ?? .object([:]),
                    ])
                ])
                table["metadata"] = .object(["resourceVersion": json["metadata"]?["resourceVersion"] ?? .string("")])
                if var bytes = try? encoder.encode(JSONValue.object(["type": .string(type), "object": table])) {
                    bytes.append(0x0A)
                    continuation.yield(Array(bytes))
                }
            }
            if expired {
                let status: JSONValue = .object([
                    "kind": .string("Status"), "apiVersion": .string("v1"), "metadata": .object([:]),
                    "status": .string("Failure"), "message": .string("too old resource version: \(requested)"),
                    "reason": .string("Expired"), "code": .int(410),
                ])
                if var bytes = try? encoder.encode(JSONValue.object(["type": .string("ERROR"), "object": status])) {
                    bytes.append(0x0A)
                    continuation.yield(Array(bytes))
                }
                continuation.finish()
                return
            }
            for event in initial { send(event.type.rawValue, event.object, encoded: event.encoded) }
            for await event in events where event.revision > lastInitial {
                send(event.type.rawValue, event.object, encoded: event.encoded)
            }
            continuation.finish()
        }
        // Why: informers pass timeoutSeconds and expect the server to end the watch cleanly.
        let timer: Task<Void, Never>? = timeout.map { seconds in
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                continuation.finish()
            }
        }
        continuation.onTermination = { _ in
            task.cancel()
            timer?.cancel()
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        return .stream(status: .ok, headers: headers, chunks: chunks)
    }
}
