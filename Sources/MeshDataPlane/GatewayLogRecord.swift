import MeshRouting

/// One gateway request's access-log data, formatted only when the log is read. A value that
/// copies what the line needs rather than keeping the request: the log's ring holds these in
/// place, so a request's head and headers are freed when it ends, not 10,000 requests later.
struct GatewayLogRecord: LogRecord {
    private let start: Double
    private let method: String
    private let path: String
    private let minorVersion: Int
    private let userAgent: String?
    private let authority: String?
    private let forwardedFor: String?
    private let requestID: RequestID?
    private let routeName: String?
    private let clusterName: String?
    private let bytesReceived: Int
    private let status: Int
    private let flags: String
    private let details: String
    private let transportFailure: String?
    private let serviceTime: Int?
    private let endpoint: UpstreamEndpoint?
    private let bytesSent: Int
    private let durationMilliseconds: Int
    private let podIP: String
    private let localAddress: String
    private let remoteAddress: String

    init(
        info: GatewayRequestInfo, reply: GatewayReply, bytesSent: Int, durationMilliseconds: Int, podIP: String,
        localAddress: String, remoteAddress: String
    ) {
        let head = info.head
        self.start = info.start
        self.method = head.method
        self.path = head.uri
        self.minorVersion = head.minorVersion
        self.userAgent = head.first("user-agent")
        self.authority = info.authority
        self.forwardedFor = info.forwardedFor
        self.requestID = info.requestID
        self.routeName = info.routeName
        self.clusterName = info.clusterName
        self.bytesReceived = info.bytesReceived
        self.status = reply.status
        self.flags = reply.flags
        self.details = reply.details
        self.transportFailure = reply.transportFailure
        self.serviceTime = reply.serviceTime
        self.endpoint = reply.endpoint
        self.bytesSent = bytesSent
        self.durationMilliseconds = durationMilliseconds
        self.podIP = podIP
        self.localAddress = localAddress
        self.remoteAddress = remoteAddress
    }

    /// A refused request: no route, no upstream. A codec error has no request yet (Envoy logs
    /// `"- - HTTP/1.1"` and no request id); a body over the limit came after a whole head.
    init(
        rejection: GatewayRejection, reply: GatewayReply, start: Double, requestID: RequestID?, forwardedFor: String?,
        podIP: String, localAddress: String, remoteAddress: String
    ) {
        let head = rejection.head
        self.start = start
        self.method = head?.method ?? "-"
        self.path = head?.uri ?? "-"
        self.minorVersion = head?.minorVersion ?? 1
        self.userAgent = head?.first("user-agent")
        self.authority = head?.first("host")
        self.forwardedFor = forwardedFor
        self.requestID = requestID
        self.routeName = nil
        self.clusterName = nil
        self.bytesReceived = 0
        self.status = reply.status
        self.flags = reply.flags
        self.details = reply.details
        self.transportFailure = nil
        self.serviceTime = nil
        self.endpoint = nil
        self.bytesSent = reply.body.readableBytes
        self.durationMilliseconds = 0
        self.podIP = podIP
        self.localAddress = localAddress
        self.remoteAddress = remoteAddress
    }

    var logLine: String {
        EnvoyAccessLogEntry(
            startTime: start, method: method, path: path, protocolName: "HTTP/1.\(minorVersion)",
            responseCode: status, responseFlags: flags, responseCodeDetails: details,
            upstreamTransportFailureReason: transportFailure, bytesReceived: bytesReceived, bytesSent: bytesSent,
            durationMilliseconds: durationMilliseconds, upstreamServiceTime: serviceTime, forwardedFor: forwardedFor,
            userAgent: userAgent, requestID: requestID?.string, authority: authority,
            upstreamHost: endpoint?.upstreamHost, upstreamCluster: endpoint == nil ? nil : clusterName,
            upstreamLocalAddress: endpoint == nil ? nil : "\(podIP):0", downstreamLocalAddress: localAddress,
            downstreamRemoteAddress: remoteAddress, routeName: routeName
        ).line
    }
}
