import MeshRouting
import NIOCore
import NIOHTTP1

/// Builds the request the gateway sends upstream (reference §6.2).
enum UpstreamRequestBuilder {
    static func head(
        for client: HTTPRequestHead, action: ForwardAction, requestID: String, forwardedFor: String, clientIP: String,
        identity: ProxyIdentity, bodyLength: Int?
    ) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(client.headers.count + 8)
        headers.add(name: "host", value: action.authority)
        for (name, value) in client.headers {
            let lowered = name.lowercased()
            // Hop-by-hop headers stay on their hop; every client is external to the gateway
            // (`use_remote_address: true`), so its x-request-id and x-envoy-* are not trusted.
            if GatewayReply.hopByHop.contains(lowered) || lowered == "host" || lowered == "content-length"
                || lowered == "x-request-id" || lowered == "x-forwarded-for" || lowered == "x-forwarded-proto"
                || lowered.hasPrefix("x-envoy-")
            {
                continue
            }
            headers.add(name: name, value: value)
        }
        if let bodyLength, bodyLength > 0 || client.headers.contains(name: "content-length") {
            headers.add(name: "content-length", value: String(bodyLength))
        }
        headers.add(name: "x-forwarded-for", value: forwardedFor)
        headers.add(name: "x-forwarded-proto", value: "http")
        headers.add(name: "x-envoy-external-address", value: clientIP)
        headers.add(name: "x-request-id", value: requestID)
        if action.pathRewritten { headers.add(name: "x-envoy-original-path", value: client.uri) }
        // Istio's HTTP metadata exchange: lets the destination sidecar fill `source_*` labels.
        headers.add(name: SidecarProxy.peerHeader, value: "\(identity.workload).\(identity.namespace)")
        GatewayReply.apply(action.requestHeaders, to: &headers)
        return HTTPRequestHead(version: .http1_1, method: client.method, uri: action.path, headers: headers)
    }
}

/// Shadow traffic (`mirror`): a copy of the request with the mirror's authority, sent on the
/// worker's pool; the response, latency and failures are ignored.
enum Mirror {
    static func send(
        _ target: MirrorTarget, head: HTTPRequestHead, body: ByteBuffer?, state: GatewayLoopState, clientIP: String
    ) {
        let input = LoadBalancer.HashInput(headers: head.headers, path: head.uri, sourceIP: clientIP)
        guard
            let endpoint = LoadBalancer.pick(
                policy: target.cluster.loadBalancer, clusterName: target.cluster.name, from: target.cluster.endpoints,
                input: input, state: state)
        else { return }
        var copy = head
        copy.headers.replaceOrAdd(name: "host", value: target.authority)
        copy.headers.replaceOrAdd(name: "x-envoy-attempt-count", value: "1")
        var ignored: Int?
        state.acquire(EndpointKey(endpoint), limits: nil, waiterID: &ignored) { acquired in
            guard case .connection(let connection, _) = acquired else { return }
            connection.send(head: copy, body: body) { result, keepAlive in
                if case .success = result {
                    state.release(connection, keepAlive: keepAlive, limits: nil)
                }
            }
        }
    }
}
