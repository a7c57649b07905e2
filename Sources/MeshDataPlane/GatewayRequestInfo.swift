import MeshRouting
import NIOHTTP1

/// One downstream request of the gateway: what routing, metrics and the access log need to
/// know about it. A class: it is handed from the handler to the exchange and back, and
/// copying a struct of a dozen strings costs a retain/release per field on every hop. Once
/// answered (`complete`), the same object is the access-log record, formatted only when the
/// log is read.
final class GatewayRequestInfo: DeferredLogLine, @unchecked Sendable {
    // @unchecked: the mutable fields are set on the connection's event loop before the record
    // is appended to the log (`complete`), and never after; readers only format it.
    let start: Double
    let startNanos: UInt64
    let head: HTTPRequestHead
    let bytesReceived: Int
    let requestID: RequestID
    let forwardedFor: String
    /// The `Host` header (`:authority`), looked up once for the router and the log.
    let authority: String?
    var routeName: String?
    var destination: DestinationInfo?
    var clusterName: String?
    var delayed = false
    /// Which router snapshot routed the request (metric cells are cached per snapshot).
    var routerGeneration = 0
    /// The answer, for the log line (set by `complete`).
    private var outcome: Outcome?

    private struct Outcome {
        var status: Int
        var flags: String
        var details: String
        var transportFailure: String?
        var serviceTime: Int?
        var endpoint: UpstreamEndpoint?
        var bytesSent: Int
        var durationMilliseconds: Int
        var podIP: String
        var localAddress: String
        var remoteAddress: String
    }

    init(
        start: Double, startNanos: UInt64, head: HTTPRequestHead, bytesReceived: Int, requestID: RequestID,
        forwardedFor: String
    ) {
        self.authority = head.headers.first(name: "host")
        self.start = start
        self.startNanos = startNanos
        self.head = head
        self.bytesReceived = bytesReceived
        self.requestID = requestID
        self.forwardedFor = forwardedFor
    }

    /// Records the answer; the object is not changed afterwards (it may be read by the log).
    func complete(
        reply: GatewayReply, bytesSent: Int, durationMilliseconds: Int, podIP: String, localAddress: String,
        remoteAddress: String
    ) {
        outcome = Outcome(
            status: reply.status, flags: reply.flags, details: reply.details, transportFailure: reply.transportFailure,
            serviceTime: reply.serviceTime, endpoint: reply.endpoint, bytesSent: bytesSent,
            durationMilliseconds: durationMilliseconds, podIP: podIP, localAddress: localAddress,
            remoteAddress: remoteAddress)
    }

    /// The Envoy access-log line (empty before `complete`).
    var line: String {
        guard let outcome else { return "" }
        let endpoint = outcome.endpoint
        return EnvoyAccessLogEntry(
            startTime: start, method: head.method.rawValue, path: head.uri,
            protocolName: "HTTP/1.\(head.version.minor)",
            responseCode: outcome.status, responseFlags: outcome.flags, responseCodeDetails: outcome.details,
            upstreamTransportFailureReason: outcome.transportFailure, bytesReceived: bytesReceived,
            bytesSent: outcome.bytesSent, durationMilliseconds: outcome.durationMilliseconds,
            upstreamServiceTime: outcome.serviceTime, forwardedFor: forwardedFor,
            userAgent: head.headers.first(name: "user-agent"), requestID: requestID.string, authority: authority,
            upstreamHost: endpoint?.upstreamHost, upstreamCluster: endpoint == nil ? nil : clusterName,
            upstreamLocalAddress: endpoint == nil ? nil : "\(outcome.podIP):0",
            downstreamLocalAddress: outcome.localAddress, downstreamRemoteAddress: outcome.remoteAddress,
            routeName: routeName
        ).line
    }
}
