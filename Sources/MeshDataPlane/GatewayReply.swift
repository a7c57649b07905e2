import MeshRouting
import NIOCore
import NIOHTTP1

/// What the gateway sends back for one request, with what the log and metrics need.
struct GatewayReply {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
    /// Whether `body` is sent (HEAD / 304 keep the upstream's content-length but no body).
    var sendBody = true
    var flags = "-"
    var details = "via_upstream"
    var serviceTime: Int?
    var endpoint: UpstreamEndpoint?
    var transportFailure: String?

    static let connectFailureBody =
        "upstream connect error or disconnect/reset before headers. reset reason: connection failure"
    static let terminationBody =
        "upstream connect error or disconnect/reset before headers. reset reason: connection termination"
    static let overflowBody = "upstream connect error or disconnect/reset before headers. reset reason: overflow"

    /// An Envoy local reply (§5): `content-type: text/plain` only when the body is non-empty,
    /// never `x-envoy-upstream-service-time`.
    static func local(
        status: Int, body: String, flags: String, details: String, extraHeaders: [String: String] = [:],
        allocator: ByteBufferAllocator
    ) -> GatewayReply {
        var headers = HTTPHeaders()
        for (name, value) in extraHeaders.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        headers.add(name: "content-length", value: String(body.utf8.count))
        if !body.isEmpty { headers.add(name: "content-type", value: "text/plain") }
        return GatewayReply(
            status: status, headers: headers, body: allocator.buffer(string: body), flags: flags, details: details)
    }

    /// Headers never forwarded hop to hop.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te",
    ]

    /// A proxied upstream response: hop-by-hop headers dropped, `server: istio-envoy`
    /// (overwrite), `x-envoy-upstream-service-time`, then the route's response header ops.
    static func proxied(
        _ response: UpstreamResponse, requestMethod: HTTPMethod, serviceTime: Int, operations: HeaderOperations,
        endpoint: UpstreamEndpoint
    ) -> GatewayReply {
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.head.headers.count + 3)
        var upstreamLength: String?
        for (name, value) in response.head.headers {
            let lowered = name.lowercased()
            if hopByHop.contains(lowered) || lowered == "server" { continue }
            if lowered == "content-length" {
                upstreamLength = value
                continue
            }
            headers.add(name: name, value: value)
        }
        let status = Int(response.head.status.code)
        let bodyless = requestMethod == .HEAD || status == 304 || status == 204
        if bodyless {
            if let upstreamLength, status != 204 { headers.add(name: "content-length", value: upstreamLength) }
        } else {
            headers.add(name: "content-length", value: String(response.body.readableBytes))
        }
        headers.add(name: "server", value: "istio-envoy")
        headers.add(name: "x-envoy-upstream-service-time", value: String(serviceTime))
        apply(operations, to: &headers)
        return GatewayReply(
            status: status, headers: headers, body: response.body, sendBody: !bodyless, serviceTime: serviceTime,
            endpoint: endpoint)
    }

    /// `remove`, then `set` (overwrite), then `add` (comma-joined onto an existing value).
    static func apply(_ operations: HeaderOperations, to headers: inout HTTPHeaders) {
        guard !operations.isEmpty else { return }
        for name in operations.removeHeaders { headers.remove(name: name) }
        for (name, value) in operations.setHeaders.sorted(by: { $0.key < $1.key }) {
            headers.replaceOrAdd(name: name, value: value)
        }
        for (name, value) in operations.addHeaders.sorted(by: { $0.key < $1.key }) {
            if let existing = headers.first(name: name) {
                headers.replaceOrAdd(name: name, value: existing + "," + value)
            } else {
                headers.add(name: name, value: value)
            }
        }
    }
}
