import MeshRouting
import NIOCore
import NIOHTTP1

/// What the gateway sends back for one request, with what the log and metrics need.
struct GatewayReply {
    var status: Int
    /// A proxied reply without header operations: the upstream's header lines as bytes, with
    /// `content-length` and `x-envoy-upstream-service-time` written beside them. Otherwise nil,
    /// and `headers` holds every header.
    var passthrough: Passthrough?
    /// Headers the proxy adds or sets.
    var headers: HTTPHeaders
    var body: ByteBuffer
    /// Whether `body` is sent (HEAD / 304 keep the upstream's content-length but no body).
    var sendBody = true
    var flags = "-"
    var details = "via_upstream"
    var serviceTime: Int?
    var endpoint: UpstreamEndpoint?
    var transportFailure: String?

    /// Envoy's local-reply body when no upstream response started, naming the reset reason.
    static func resetBody(_ reason: String) -> String {
        "upstream connect error or disconnect/reset before headers. reset reason: \(reason)"
    }

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

    /// Upstream header lines copied through (see `UpstreamResponse`).
    struct Passthrough {
        var lines: ByteBuffer
        /// Whether `lines` holds a `date` line.
        var hasDate: Bool
        var contentLength: Int?
    }

    /// A proxied upstream response: hop-by-hop headers dropped, `server: istio-envoy`
    /// (overwrite), `x-envoy-upstream-service-time`, then the route's response header ops.
    /// Without ops the upstream's header lines pass through as bytes.
    static func proxied(
        _ response: UpstreamResponse, isHeadRequest: Bool, serviceTime: Int, operations: HeaderOperations,
        endpoint: UpstreamEndpoint
    ) -> GatewayReply {
        let status = response.status
        let bodyless = isHeadRequest || status == 304 || status == 204
        var length: Int?
        if bodyless {
            if let advertised = response.contentLength, status != 204 { length = advertised }
        } else {
            length = response.body.readableBytes
        }
        var reply = GatewayReply(
            status: status, headers: HTTPHeaders(), body: response.body, sendBody: !bodyless,
            serviceTime: serviceTime, endpoint: endpoint)
        if operations.isEmpty {
            reply.passthrough = Passthrough(
                lines: response.forwardedHeaders, hasDate: response.hasDate, contentLength: length)
        } else {
            // Header operations may touch any header: turn the bytes into headers first.
            var all = HTTPHeaders()
            all.addSerialized(response.forwardedHeaders)
            if let length { all.add(name: "content-length", value: String(length)) }
            all.add(name: "server", value: "istio-envoy")
            all.add(name: "x-envoy-upstream-service-time", value: String(serviceTime))
            apply(operations, to: &all)
            reply.headers = all
        }
        return reply
    }

    /// The reply as HTTP/1.1 bytes: status line, passed-through lines, added headers, the `date`,
    /// `server` and `connection: close` headers when missing, then the body. Counted, then
    /// written into one reservation.
    func serialized(keepAlive: Bool, allocator: ByteBufferAllocator) -> ByteBuffer {
        let bodyBytes = sendBody ? body.readableBytes : 0
        let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
        let date =
            (passthrough?.hasDate ?? false) || headers.contains(name: "date") ? nil : WallClock.httpDate()
        var length = HeaderLength()
        writeLines(to: &length, date: date, keepAlive: keepAlive)
        // `HTTP/1.1 SP code SP reason CRLF`, the lines, the blank line.
        let headLength = 9 + ByteWriter.digits(status) + 1 + reason.utf8.count + 2 + length.count + 2
        var buffer = allocator.buffer(capacity: headLength + bodyBytes)
        buffer.writeBytes(reserving: headLength) { out in
            out.write("HTTP/1.1 ")
            out.write(decimal: status)
            out.write(byte: 32)
            out.write(reason)
            out.write("\r\n")
            writeLines(to: &out, date: date, keepAlive: keepAlive)
            out.write("\r\n")
        }
        if bodyBytes > 0 { buffer.writeImmutableBuffer(body) }
        return buffer
    }

    /// The header lines of the serialised reply.
    private func writeLines<Sink: HeaderSink>(to sink: inout Sink, date: String?, keepAlive: Bool) {
        if let passthrough {
            sink.addSerialized(passthrough.lines)
            if let length = passthrough.contentLength { sink.line("content-length", decimal: length) }
            if let serviceTime { sink.line("x-envoy-upstream-service-time", decimal: serviceTime) }
        }
        headers.writeLines(to: &sink)
        if let date { sink.line("date", date) }
        if !headers.contains(name: "server") { sink.line("server", "istio-envoy") }
        if !keepAlive && !headers.contains(name: "connection") { sink.line("connection", "close") }
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
