import MeshRouting
import NIOCore
import NIOHTTP1

/// Builds the request the gateway sends upstream for one attempt (reference §6.2), serialised
/// into one buffer: request line, headers, `x-envoy-attempt-count`, blank line, body. The
/// lines are counted first, then written into one reservation.
enum UpstreamRequestBuilder {
    static func request(
        for client: GatewayRequestHead, action: ForwardAction, authority: String, requestID: RequestID,
        forwardedFor: String, clientIP: String, peerID: String, originalDestination: String? = nil, attempt: Int,
        body: ByteBuffer?, allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        let lines = Lines(
            client: client, authority: authority, contentLength: Self.contentLength(client, body: body),
            forwardedFor: forwardedFor,
            clientIP: clientIP, requestID: requestID, originalPath: action.pathRewritten ? client.uri : nil,
            peerID: peerID, originalDestination: originalDestination)
        if action.requestHeaders.isEmpty {
            return serialize(
                client: client, path: action.path, lines: lines, attempt: attempt, body: body, allocator: allocator)
        }
        // Route operations may touch any header: collect them as headers first (rare).
        var headers = HTTPHeaders()
        lines.writeLines(to: &headers)
        GatewayReply.apply(action.requestHeaders, to: &headers)
        // Not the route's to change: it stands in for the kernel's original destination.
        if let originalDestination {
            headers.replaceOrAdd(name: SidecarProxy.originalDestinationHeader, value: originalDestination)
        }
        return serialize(
            client: client, path: action.path, lines: headers, attempt: attempt, body: body, allocator: allocator)
    }

    private static func serialize(
        client: GatewayRequestHead, path: String, lines: some HeaderSource, attempt: Int, body: ByteBuffer?,
        allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        let method = client.method
        let attemptName = "x-envoy-attempt-count"
        // `METHOD SP path SP HTTP/1.1 CRLF`, the lines, the attempt line, the blank line.
        let headLength =
            method.utf8.count + path.utf8.count + 12 + HeaderLength.of(lines) + attemptName.utf8.count
            + ByteWriter.digits(attempt) + 4 + 2
        let bodyLength = body?.readableBytes ?? 0
        var buffer = allocator.buffer(capacity: headLength + bodyLength)
        buffer.writeBytes(reserving: headLength) { out in
            out.write(method)
            out.write(byte: 32)
            out.write(path)
            out.write(" HTTP/1.1\r\n")
            lines.writeLines(to: &out)
            out.line(attemptName, decimal: attempt)
            out.write("\r\n")
        }
        if var body { buffer.writeBuffer(&body) }
        return buffer
    }

    /// The header lines of an upstream request, before route operations.
    private struct Lines: HeaderSource {
        let client: GatewayRequestHead
        let authority: String
        /// The `content-length` to send, nil when none is.
        let contentLength: Int?
        let forwardedFor: String
        let clientIP: String
        let requestID: RequestID
        let originalPath: String?
        let peerID: String
        /// `podIP:port` for a pod with a sidecar: the destination the kernel would report to the
        /// sidecar's iptables redirect (`SO_ORIGINAL_DST`), carried in Envoy's header for it.
        let originalDestination: String?

        func writeLines<Sink: HeaderSink>(to sink: inout Sink) {
            sink.line("host", authority)
            for (name, value) in client.headers where !UpstreamRequestBuilder.isReplaced(name) {
                sink.line(name, value)
            }
            if let contentLength { sink.line("content-length", decimal: contentLength) }
            sink.line("x-forwarded-for", forwardedFor)
            sink.line("x-forwarded-proto", "http")
            sink.line("x-envoy-external-address", clientIP)
            sink.line("x-request-id", requestID)
            if let originalPath { sink.line("x-envoy-original-path", originalPath) }
            // Istio's HTTP metadata exchange: lets the destination sidecar fill `source_*` labels.
            sink.line(SidecarProxy.peerHeader, peerID)
            if let originalDestination { sink.line(SidecarProxy.originalDestinationHeader, originalDestination) }
        }
    }

    /// The body's length when there is one, or when the client sent `content-length` (an
    /// explicit `0` is kept); decided once for both passes over the lines.
    private static func contentLength(_ client: GatewayRequestHead, body: ByteBuffer?) -> Int? {
        let length = body?.readableBytes ?? 0
        return length > 0 || client.first("content-length") != nil ? length : nil
    }

    /// Client headers the gateway drops or replaces: hop-by-hop headers stay on their hop,
    /// `expect` was answered by the gateway, and every client is external to the gateway
    /// (`use_remote_address: true`), so its x-request-id, x-forwarded-* and x-envoy-* are not trusted.
    static func isReplaced(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            if bytes.count >= 8 && HTTPBytes.equalsIgnoringCase(bytes, 0, 8, "x-envoy-") { return true }
            for literal in replacedNames where HTTPBytes.equalsIgnoringCase(bytes, 0, bytes.count, literal) {
                return true
            }
            return false
        }
    }

    private static let replacedNames: [StaticString] =
        HTTPBytes.hopByHop + [
            "host", "content-length", "x-request-id", "x-forwarded-for", "x-forwarded-proto", "expect",
        ]
}

/// Shadow traffic (`mirror`): a copy of the request with the mirror's authority (`request`),
/// sent on the worker's pool; the response, latency and failures are ignored.
final class Mirror: UpstreamExchange {
    private let state: GatewayLoopState

    private init(state: GatewayLoopState) { self.state = state }

    func upstream(
        _ connection: UpstreamConnection, finished result: Result<UpstreamResponse, UpstreamFailure>, keepAlive: Bool
    ) {
        if case .success = result { state.release(connection, keepAlive: keepAlive, limits: nil) }
    }

    /// Sends `request` (built for the picked endpoint) to one endpoint of the mirror's cluster.
    static func send(
        _ target: MirrorTarget, client: GatewayRequestHead, state: GatewayLoopState, clientIP: String,
        request build: (UpstreamEndpoint) -> ByteBuffer
    ) {
        let input = LoadBalancer.HashInput(head: client, sourceIP: clientIP)
        guard
            let endpoint = LoadBalancer.pick(
                policy: target.cluster.loadBalancer, clusterName: target.cluster.name, from: target.cluster.endpoints,
                input: input, state: state)
        else { return }
        let request = build(endpoint)
        var ignored: Int?
        state.acquire(EndpointKey(endpoint), limits: nil, waiterID: &ignored) { acquired in
            guard case .connection(let connection, _) = acquired else { return }
            connection.send(request, isHead: client.isHead, exchange: Mirror(state: state))
        }
    }
}
