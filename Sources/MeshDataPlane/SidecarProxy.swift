import MeshCore
import MeshRouting
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// The inbound half of an injected pod's `istio-proxy`, run in-process in front of the app
/// handler (no second socket): it normalises inbound headers as Envoy's inbound listener does,
/// counts `istio_requests_total{reporter="destination"}` and writes Envoy access-log lines
/// into the `istio-proxy` container's log.
public final class SidecarProxy: Sendable {
    /// The `istio-proxy` container's log.
    public let log: LogBuffer
    /// This sidecar's Istio metrics (`reporter="destination"`).
    public let metrics: ProxyMetrics
    /// Identity and addressing.
    public let configuration: SidecarConfiguration

    /// Header carrying the calling proxy's identity (Istio's HTTP metadata exchange), stripped
    /// before the app sees the request.
    static let peerHeader = "x-envoy-peer-metadata-id"

    /// Header naming the pod port a request was sent to (`podIP:port`), stripped before the app
    /// sees the request: it stands in for the original destination the kernel reports to a real
    /// sidecar behind its iptables redirect.
    static let originalDestinationHeader = "x-envoy-original-dst-host"

    /// FQDNs of the Services whose endpoints include this pod, as istiod pushes them in the
    /// inbound cluster's metadata.
    private let inboundServices = NIOLockedValueBox<[String]>([])

    /// Replaces the Services this pod serves (sorted FQDNs), after each config push.
    public func setInboundServices(_ hosts: [String]) {
        inboundServices.withLockedValue { if $0 != hosts { $0 = hosts } }
    }

    /// Why: Istio's stats filter takes an inbound request's `destination_service` from the inbound
    /// cluster's service metadata; with several Services it picks the one the Host header names.
    func inboundService(authority: String?) -> String? {
        Self.inboundService(among: inboundServices.withLockedValue { $0 }, authority: authority)
    }

    /// The Service FQDN an inbound request counts against: the one the Host header names, else the first.
    static func inboundService(among hosts: [String], authority: String?) -> String? {
        guard hosts.count > 1, let authority else { return hosts.first }
        let host = authority.split(separator: ":").first.map { $0.lowercased() } ?? ""
        return hosts.first { $0 == host || $0.hasPrefix(host + ".") } ?? hosts.first
    }

    /// This pod's side of every inbound request's labels (reporter `destination`), set up once.
    private let destinationLabels: RequestLabels

    init(configuration: SidecarConfiguration, podName: String, logCapacity: Int) {
        self.configuration = configuration
        self.log = LogBuffer(capacity: logCapacity)
        self.metrics = ProxyMetrics(proxyName: podName)
        var labels = RequestLabels(reporter: "destination")
        labels.connectionSecurityPolicy = "none"
        let identity = configuration.identity
        labels.setDestinationWorkload(
            workload: identity.workload, namespace: identity.namespace, labels: identity.labels)
        self.destinationLabels = labels
    }

    /// Per-request state between `inbound` and `finish`.
    struct Exchange {
        var start: Double
        var startNanos: UInt64
        var method: String
        var path: String
        var authority: String?
        var userAgent: String?
        var forwardedFor: String?
        var requestID: String
        var labels: RequestLabels
        /// The pod port the request was sent to.
        var port: Int
        /// Nothing in the pod listens on `port`: the sidecar's connection to the app is refused.
        var refused: Bool
    }

    /// Envoy inbound behaviour: the path normalized (`RequestTarget`), `x-request-id` generated
    /// when absent, `x-forwarded-proto` defaulted; the peer-metadata header is consumed into the
    /// `source_*` labels.
    func inbound(_ head: inout HTTPRequestHead) -> Exchange {
        let normalized = RequestTarget.normalizePath(head.uri)
        if normalized != head.uri { head.uri = normalized }
        var port = configuration.containerPort
        if let original = head.headers.first(name: Self.originalDestinationHeader) {
            head.headers.remove(name: Self.originalDestinationHeader)
            if let colon = original.lastIndex(of: ":"),
                let number = original[original.index(after: colon)...].decimalValue, (1...65535).contains(number)
            {
                port = number
            }
        }
        var labels = destinationLabels
        if let service = inboundService(authority: head.headers.first(name: "host")) {
            labels.destinationService = service
            let parts = service.split(separator: ".")
            if parts.count >= 2 {
                labels.destinationServiceName = String(parts[0])
                labels.destinationServiceNamespace = String(parts[1])
            }
        }
        if let peer = head.headers.first(name: Self.peerHeader) {
            // `<workload>.<namespace>` as the gateway sends it.
            let parts = peer.split(separator: ".", maxSplits: 1)
            labels.sourceWorkload = String(parts[0])
            labels.sourceApp = String(parts[0])
            if parts.count > 1 { labels.sourceWorkloadNamespace = String(parts[1]) }
            // A mesh peer reaches this pod over mutual TLS (Istio's auto mTLS), which names both
            // sides. The only peer in meshsim is a gateway, whose service account is
            // `<workload>-service-account` and canonical revision `latest`.
            labels.connectionSecurityPolicy = "mutual_tls"
            labels.sourceCanonicalRevision = "latest"
            labels.sourcePrincipal = SpiffeIdentity.principal(
                namespace: labels.sourceWorkloadNamespace, serviceAccount: "\(parts[0])-service-account")
            labels.destinationPrincipal = configuration.identity.principal
            head.headers.remove(name: Self.peerHeader)
        }
        var requestID = head.headers.first(name: "x-request-id") ?? ""
        if requestID.isEmpty {
            requestID = RequestID.make()
            head.headers.add(name: "x-request-id", value: requestID)
        }
        if !head.headers.contains(name: "x-forwarded-proto") {
            head.headers.add(name: "x-forwarded-proto", value: "http")
        }
        return Exchange(
            start: WallClock.now(), startNanos: WallClock.monotonicNanos(), method: head.method.rawValue,
            path: head.uri,
            authority: head.headers.first(name: "host"), userAgent: head.headers.first(name: "user-agent"),
            forwardedFor: head.headers.first(name: "x-forwarded-for"), requestID: requestID, labels: labels,
            port: port, refused: !configuration.servingPorts.isEmpty && !configuration.servingPorts.contains(port))
    }

    /// Envoy inbound response headers: `server: istio-envoy` and the app's service time.
    func decorate(_ headers: inout HTTPHeaders, upstreamMilliseconds: Int) {
        headers.replaceOrAdd(name: "server", value: "istio-envoy")
        headers.replaceOrAdd(name: "x-envoy-upstream-service-time", value: String(upstreamMilliseconds))
    }

    /// Records a request the inbound listener refused as unparsable, as Envoy does: flag `DPE`, an
    /// `http1.` detail, no request yet (`"- - HTTP/1.1"`), nothing sent to the app.
    func refuse(_ rejection: GatewayRejection, remote: String?, shard: Int) {
        var labels = destinationLabels
        labels.responseCode = Int(rejection.status.code)
        labels.responseFlags = rejection.flags
        metrics.record(labels, durationMilliseconds: 0, shardHint: shard)
        let entry = EnvoyAccessLogEntry(
            startTime: WallClock.now(), method: "-", path: "-", responseCode: labels.responseCode,
            responseFlags: rejection.flags, responseCodeDetails: rejection.details,
            downstreamLocalAddress: "\(configuration.podIP):\(configuration.containerPort)",
            downstreamRemoteAddress: remote)
        log.append(entry.line)
    }

    /// Records the finished request (metrics + access log).
    func finish(
        _ exchange: Exchange, status: Int, bytesReceived: Int, bytesSent: Int, upstreamMilliseconds: Int?,
        localPort: Int, remote: String?, shard: Int
    ) {
        var labels = exchange.labels
        labels.responseCode = status
        // A port the app does not serve: Envoy's inbound cluster cannot connect (no retries inbound
        // beyond the one try it counts as exhausted), and says so as for any connection failure.
        if exchange.refused { labels.responseFlags = "UF,URX" }
        let elapsed = Double(WallClock.monotonicNanos() - exchange.startNanos) / 1e6
        metrics.record(labels, durationMilliseconds: elapsed, shardHint: shard)
        let address = "\(configuration.podIP):\(exchange.port)"
        let entry = EnvoyAccessLogEntry(
            startTime: exchange.start, method: exchange.method, path: exchange.path, responseCode: status,
            responseFlags: labels.responseFlags,
            responseCodeDetails: exchange.refused
                ? "upstream_reset_before_response_started{connection_failure}" : "via_upstream",
            upstreamTransportFailureReason: exchange.refused ? "delayed_connect_error:_111" : nil,
            bytesReceived: bytesReceived, bytesSent: bytesSent, durationMilliseconds: Int(elapsed),
            upstreamServiceTime: upstreamMilliseconds, forwardedFor: exchange.forwardedFor,
            userAgent: exchange.userAgent, requestID: exchange.requestID, authority: exchange.authority,
            upstreamHost: address, upstreamCluster: "inbound|\(exchange.port)||",
            upstreamLocalAddress: exchange.refused ? nil : "127.0.0.6:0", downstreamLocalAddress: address,
            downstreamRemoteAddress: remote, routeName: "default")
        log.append(entry.line)
    }
}
