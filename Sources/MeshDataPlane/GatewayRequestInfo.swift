import MeshRouting

/// What routing, metrics and the access log need to know about one downstream request. A
/// class: it is handed from the handler to the exchange and back, and copying a struct of a
/// dozen strings costs a retain/release per field on every hop. The log keeps a compact copy
/// (`GatewayLogRecord`), not this: retained for thousands of requests, the head and its
/// headers would be freed long after, cold, one request at a time.
final class GatewayRequestInfo {
    let start: Double
    let startNanos: UInt64
    let head: GatewayRequestHead
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

    init(
        start: Double, startNanos: UInt64, head: GatewayRequestHead, bytesReceived: Int, requestID: RequestID,
        forwardedFor: String
    ) {
        self.authority = head.first("host")
        self.start = start
        self.startNanos = startNanos
        self.head = head
        self.bytesReceived = bytesReceived
        self.requestID = requestID
        self.forwardedFor = forwardedFor
    }
}
