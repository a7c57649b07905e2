import NIOCore
import NIOHTTP1

/// Hardening limits shared by every listener (pod servers, sidecars, the gateway, stats).
///
/// Defaults copy the proxies being imitated: Envoy's `max_request_headers_kb: 60` (431 above
/// it), nginx's `large_client_header_buffers 4 8k` (414 for a longer request line), and a
/// header timeout like nginx's `client_header_timeout` (which closes silently).
public struct HTTPServerLimits: Sendable, Hashable {
    /// Longest request target accepted; longer gets `414 URI Too Long` and a close.
    public var maxURILength: Int
    /// Largest total size of the header block (request line included); larger gets `431`.
    public var maxHeaderBytes: Int
    /// How long a connection may take to deliver a complete request head, counted from
    /// accept or from the end of the previous response (keep-alive idle time included).
    /// `nil` disables the timer.
    public var headerTimeout: TimeAmount?
    /// Largest request body the ingress gateway accepts; a larger one gets `413` and a close.
    /// (Pod servers never keep a body; they count its bytes and drop them.)
    ///
    /// Why: Envoy streams bodies and buffers one only where a filter needs all of it, answering
    /// `413 Payload Too Large` when that buffer would overflow. meshsim's gateway holds every
    /// request body whole (to retry and mirror it), so it gives that answer at a bound generous
    /// for uploads while keeping a hostile client from taking unbounded memory. A declared
    /// Content-Length over the bound is refused before `100 Continue` invites the body (Envoy
    /// would send the 100 first, then refuse).
    public var maxRequestBodyBytes: Int

    /// Creates limits.
    public init(
        maxURILength: Int = 8192, maxHeaderBytes: Int = 60 * 1024, headerTimeout: TimeAmount? = .seconds(60),
        maxRequestBodyBytes: Int = 16 * 1024 * 1024
    ) {
        self.maxURILength = maxURILength
        self.maxHeaderBytes = maxHeaderBytes
        self.headerTimeout = headerTimeout
        self.maxRequestBodyBytes = maxRequestBodyBytes
    }

    /// The defaults described above.
    public static let `default` = HTTPServerLimits()
}

/// Builds the server-side HTTP/1.1 pipeline every listener uses:
/// decoder, response encoder, header timeout, pipelining assistant -> protocol-error
/// responder -> the application handler.
enum HTTPServerPipeline {
    /// `onRefusal` hears of each request refused as unparsable (on the event loop).
    static func configure(
        _ channel: any Channel, limits: HTTPServerLimits, serverHeader: String, handler: any ChannelHandler,
        onRefusal: ((GatewayRejection, _ remote: String?) -> Void)? = nil
    ) throws {
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderFieldSize = limits.maxHeaderBytes
        decoderLimits.maxHeaderListSize = limits.maxHeaderBytes
        let sync = channel.pipeline.syncOperations
        try sync.addHandler(
            ByteToMessageHandler(
                HTTPRequestDecoder(
                    leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .drop,
                    limitConfiguration: decoderLimits)))
        // Every responder sets Content-Length itself (304/HEAD keep the advertised length).
        var encoder = HTTPResponseEncoder.Configuration()
        encoder.automaticallySetFramingHeaders = false
        try sync.addHandler(HTTPResponseEncoder(configuration: encoder))
        if let timeout = limits.headerTimeout {
            try sync.addHandler(HeaderTimeoutHandler(timeout: timeout))
        }
        // HTTPServerPipelineHandler holds back pipelined requests until the previous response
        // ended, so handlers can answer one request at a time and responses stay in order.
        try sync.addHandler(HTTPServerPipelineHandler())
        try sync.addHandler(ProtocolErrorResponder(serverHeader: serverHeader, onRefusal: onRefusal))
        try sync.addHandler(handler)
    }
}
