import Foundation
import MeshControlPlane
import MeshCore
import MeshDataPlane
import NIOHTTP1

/// `GET /api/v1/namespaces/NS/pods/NAME/log`: a container's access log (app: nginx-style lines;
/// `istio-proxy`: Envoy access lines), with `container`, `follow`, `tailLines`.
struct LogHandler {
    let components: ClusterComponents

    func handle(_ request: APIRequest, namespace: String, name: String) async -> APIResponse {
        let key = ObjectKey(kind: "Pod", namespace: namespace, name: name)
        guard let pod = await components.store.get(key)?.as(Pod.self) else {
            return StatusBody.response(
                code: 404, reason: "NotFound", message: "pods \"\(name)\" not found", name: name, kind: "pods")
        }
        let names = pod.spec.containers.map(\.name)
        let defaultName = pod.metadata.annotations?["kubectl.kubernetes.io/default-container"] ?? names.first ?? ""
        let container = request.query["container"] ?? (names.count == 1 ? names[0] : defaultName)
        guard names.contains(container) || (pod.spec.initContainers ?? []).contains(where: { $0.name == container })
        else {
            return StatusBody.response(
                code: 400, reason: "BadRequest",
                message: "container \(container) is not valid for pod \(name)")
        }
        let buffer: (any ContainerLog)?
        if pod.metadata.labels?["istio"] == "ingressgateway" {
            buffer = components.gateway?.log
        } else if let server = components.runtime.server(for: key) {
            buffer =
                container == "istio-proxy" ? server.sidecar?.log : (server.logs(container: container) ?? server.appLog)
        } else {
            buffer = nil
        }
        guard let buffer else {
            if (pod.spec.initContainers ?? []).contains(where: { $0.name == container }) { return .text(.ok, "") }
            return StatusBody.response(
                code: 400, reason: "BadRequest",
                message: "container \"\(container)\" in pod \"\(name)\" is waiting to start: ContainerCreating")
        }
        let tail = request.query["tailLines"].flatMap { Int($0) }
        if request.query["follow"] == "true" {
            let lines = buffer.follow(includeExisting: true, tail: tail)
            let (chunks, continuation) = AsyncStream<[UInt8]>.makeStream()
            let task = Task {
                for await line in lines { continuation.yield(Array((line + "\n").utf8)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/plain")
            return .stream(status: .ok, headers: headers, chunks: chunks)
        }
        let lines = tail.map { buffer.tail($0) } ?? buffer.lines()
        return .text(.ok, lines.map { $0 + "\n" }.joined())
    }
}
