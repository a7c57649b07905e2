import MeshRouting
import NIOCore
import NIOHTTP1

/// Builds the request the gateway sends upstream for one attempt (reference §6.2), serialised
/// into one buffer: request line, headers, `x-envoy-attempt-count`, blank line, body.
enum UpstreamRequestBuilder {
    static func request(
        for client: HTTPRequestHead, action: ForwardAction, authority: String, requestID: RequestID,
        forwardedFor: String, clientIP: String, peerID: String, attempt: Int, body: ByteBuffer?,
        allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        let bodyLength = body?.readableBytes
        var headers = HeaderWriter(
            buffer: allocator.buffer(capacity: 448 + action.path.utf8.count + (bodyLength ?? 0)),
            deferred: !action.requestHeaders.isEmpty)
        headers.requestLine(method: client.method.rawValue, target: action.path)
        headers.add("host", authority)
        for (name, value) in client.headers where !Self.isReplaced(name) { headers.add(name, value) }
        if (bodyLength ?? 0) > 0 || client.headers.contains(name: "content-length") {
            headers.add("content-length", String(bodyLength ?? 0))
        }
        headers.add("x-forwarded-for", forwardedFor)
        headers.add("x-forwarded-proto", "http")
        headers.add("x-envoy-external-address", clientIP)
        headers.add("x-request-id", requestID)
        if action.pathRewritten { headers.add("x-envoy-original-path", client.uri) }
        // Istio's HTTP metadata exchange: lets the destination sidecar fill `source_*` labels.
        headers.add(SidecarProxy.peerHeader, peerID)
        var buffer = headers.finish(applying: action.requestHeaders)
        HeaderWriter.write("x-envoy-attempt-count", String(attempt), to: &buffer)
        buffer.writeStaticString("\r\n")
        if var body { buffer.writeBuffer(&body) }
        return buffer
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

    static func send(
        _ target: MirrorTarget, client: HTTPRequestHead, request: ByteBuffer, state: GatewayLoopState, clientIP: String
    ) {
        let input = LoadBalancer.HashInput(headers: client.headers, path: client.uri, sourceIP: clientIP)
        guard
            let endpoint = LoadBalancer.pick(
                policy: target.cluster.loadBalancer, clusterName: target.cluster.name, from: target.cluster.endpoints,
                input: input, state: state)
        else { return }
        var ignored: Int?
        state.acquire(EndpointKey(endpoint), limits: nil, waiterID: &ignored) { acquired in
            guard case .connection(let connection, _) = acquired else { return }
            connection.send(request, isHead: client.method == .HEAD, exchange: Mirror(state: state))
        }
    }
}
