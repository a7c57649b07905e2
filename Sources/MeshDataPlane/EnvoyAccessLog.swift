/// One request as Envoy's default Istio access-log format prints it (reference §5):
///
/// `[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
/// %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
/// "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
/// %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
/// "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW%
/// %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
/// %REQUESTED_SERVER_NAME% %ROUTE_NAME%` — absent values print `-`.
struct EnvoyAccessLogEntry {
    var startTime: Double
    var method: String
    var path: String
    var protocolName = "HTTP/1.1"
    var responseCode: Int
    var responseFlags = "-"
    var responseCodeDetails = "-"
    var upstreamTransportFailureReason: String?
    var bytesReceived = 0
    var bytesSent = 0
    var durationMilliseconds = 0
    var upstreamServiceTime: Int?
    var forwardedFor: String?
    var userAgent: String?
    var requestID: String?
    var authority: String?
    var upstreamHost: String?
    var upstreamCluster: String?
    var upstreamLocalAddress: String?
    var downstreamLocalAddress: String?
    var downstreamRemoteAddress: String?
    var routeName: String?

    var line: String {
        func dash(_ value: String?) -> String { (value?.isEmpty ?? true) ? "-" : value! }
        let serviceTime = upstreamServiceTime.map(String.init) ?? "-"
        return "[\(WallClock.envoyDate(startTime))] \"\(method) \(path) \(protocolName)\" \(responseCode) "
            + "\(responseFlags) \(responseCodeDetails) - \"\(dash(upstreamTransportFailureReason))\" "
            + "\(bytesReceived) \(bytesSent) \(durationMilliseconds) \(serviceTime) \"\(dash(forwardedFor))\" "
            + "\"\(dash(userAgent))\" \"\(dash(requestID))\" \"\(dash(authority))\" \"\(dash(upstreamHost))\" "
            + "\(dash(upstreamCluster)) \(dash(upstreamLocalAddress)) \(dash(downstreamLocalAddress)) "
            + "\(dash(downstreamRemoteAddress)) - \(dash(routeName))"
    }
}
