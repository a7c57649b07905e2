import NIOHTTP1

/// Why the gateway (or a sidecar's inbound listener) refused a downstream request it could not
/// parse or hold, as Envoy reports it: the status it answers with, `%RESPONSE_CODE_DETAILS%` and
/// `%RESPONSE_FLAGS%`.
///
/// Why these names: Envoy's HTTP/1 codec errors are details rooted at `http1.` with flag `DPE`
/// (downstream protocol error); a body over the buffer limit is the connection manager's
/// `request_payload_too_large`, not a codec error, so it has no flag.
struct GatewayRejection {
    /// The status of the answer.
    let status: HTTPResponseStatus
    /// Envoy's response code details.
    let details: String
    /// The head, when the request got that far (a body over the limit); the log then names its
    /// method, path and headers, as Envoy's does once a stream has started.
    var head: GatewayRequestHead?

    /// Envoy's response flags: `DPE` for codec errors.
    var flags: String { details.hasPrefix("http1.") ? "DPE" : "-" }

    /// The answer's body: Envoy's buffer-limit text for `413`, none for a codec error.
    var body: String { status == .payloadTooLarge ? "Payload Too Large" : "" }

    /// A request line or header Envoy's codec cannot parse: `400`.
    static let codecError = GatewayRejection(status: .badRequest, details: "http1.codec_error")
    /// A header block over the limit, or more than 100 fields: `431`.
    static let headersTooLarge = GatewayRejection(
        status: .requestHeaderFieldsTooLarge, details: "http1.headers_too_large")
    /// A transfer coding other than `chunked`: `501`.
    static let invalidTransferEncoding = GatewayRejection(
        status: HTTPResponseStatus(statusCode: 501), details: "http1.invalid_transfer_encoding")

    /// A body over the limit: `413`.
    static func payloadTooLarge(_ head: GatewayRequestHead) -> GatewayRejection {
        GatewayRejection(status: .payloadTooLarge, details: "request_payload_too_large", head: head)
    }
}
