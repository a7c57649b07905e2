import NIOCore

/// An incremental HTTP/1.1 response parser for upstream connections, working directly on the
/// received bytes (no NIOHTTP1 decoder, no per-part boxing): the proxy's hottest path.
/// Handles Content-Length, chunked and read-until-close bodies, HEAD/204/304 and 1xx.
struct UpstreamResponseParser {
    enum Event {
        /// Nothing complete yet.
        case needMore
        /// A full response; `keepAlive` is false when the server asked to close.
        case response(UpstreamResponse, keepAlive: Bool)
        /// Unparseable bytes: the connection must be dropped.
        case invalid
    }

    private var body: MessageBody?
    private var head: ParsedHead?
    /// Bytes of the unfinished head already searched for its end.
    private var scanned = 0
    private var keepAlive = true
    /// Whether the request in flight was a HEAD (no body follows).
    var expectingHeadResponse = false
    static let maxHeadBytes = 64 * 1024

    /// Consumes bytes from `buffer`; call again while it returns `.response` and bytes remain.
    mutating func parse(_ buffer: inout ByteBuffer) -> Event {
        while body == nil {
            guard let end = HTTPBytes.find(crlfcrlf: buffer, from: scanned) else {
                scanned = max(0, buffer.readableBytes - 3)
                return buffer.readableBytes > Self.maxHeadBytes ? .invalid : .needMore
            }
            scanned = 0
            guard let parsed = Self.parseHead(buffer.readSlice(length: end + 4)!) else { return .invalid }
            if parsed.status >= 100 && parsed.status < 200 { continue }  // interim response
            head = parsed
            let framing = parsed.framing
            keepAlive = parsed.isHTTP10 ? framing.connectionKeepAlive : !framing.connectionClose
            let code = parsed.status
            if expectingHeadResponse || code == 204 || code == 304 {
                body = .fixed(0)
            } else if framing.chunked {
                body = .chunked
            } else if let length = framing.contentLength {
                body = .fixed(length)
            } else {
                keepAlive = false
                body = .untilClose
            }
        }
        switch body!.read(&buffer) {
        case .needMore: return .needMore
        case .invalid: return .invalid
        case .done: return finish()
        }
    }

    /// The connection closed: a read-until-close body is complete now.
    mutating func endOfInput() -> Event? {
        if let body, body.endsAtClose, head != nil { return finish() }
        return nil
    }

    private mutating func finish() -> Event {
        let parsed = head!
        let response = UpstreamResponse(
            status: parsed.status, forwardedHeaders: parsed.forwardedHeaders, hasDate: parsed.framing.hasDate,
            contentLength: parsed.framing.contentLength, body: body?.bytes ?? ByteBuffer())
        head = nil
        body = nil
        expectingHeadResponse = false
        return .response(response, keepAlive: keepAlive)
    }

    /// What the head says about framing, found while scanning it.
    private struct Framing {
        var contentLength: Int?
        var chunked = false
        var connectionClose = false
        var connectionKeepAlive = false
        var hasDate = false
    }

    /// A parsed status line and header block.
    private struct ParsedHead {
        var status: Int
        var isHTTP10: Bool
        var framing: Framing
        var forwardedHeaders: ByteBuffer
    }

    /// Response headers the parser acts on or drops. Only `date` of these crosses the proxy:
    /// `transfer-encoding` and `connection` are hop-by-hop (RFC 9110 §7.6.1), and
    /// `content-length` is written again for the aggregated body, as Envoy recomputes it. The
    /// hop-by-hop names are `HTTPBytes.hopByHop`'s (a test holds the two lists together).
    private enum Special {
        case contentLength, transferEncoding, connection, date
        /// Never crosses the proxy as received: the other hop-by-hop headers (RFC 9110 §7.6.1),
        /// and `server` and `x-envoy-upstream-service-time` (an injected pod's sidecar sets it
        /// too), which Envoy overwrites.
        case dropped
    }

    /// The special meaning of the header name `bytes[start..<end]`, found by its length first
    /// (the parser runs for every proxied response; most names match none).
    private static func special(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Special? {
        func named(_ literal: StaticString) -> Bool { HTTPBytes.equalsIgnoringCase(bytes, start, end, literal) }
        switch end - start {
        case 2: return named("te") ? .dropped : nil
        case 4: return named("date") ? .date : nil
        case 6: return named("server") ? .dropped : nil
        case 7: return named("upgrade") ? .dropped : nil
        case 10: return named("connection") ? .connection : named("keep-alive") ? .dropped : nil
        case 14: return named("content-length") ? .contentLength : nil
        case 16: return named("proxy-connection") ? .dropped : nil
        case 17: return named("transfer-encoding") ? .transferEncoding : nil
        case 29: return named("x-envoy-upstream-service-time") ? .dropped : nil
        default: return nil
        }
    }

    /// Parses the status line and headers byte-wise (String/Character processing is grapheme
    /// aware and several times slower), copying the forwarded header lines as they are found.
    private static func parseHead(_ slice: ByteBuffer) -> ParsedHead? {
        // A forwarded line grows by at most two bytes (`: ` for `:`, CRLF for LF), and no line
        // is shorter than three, so twice the head always fits.
        let reservation = 2 * slice.readableBytes
        var forwarded = ByteBufferAllocator().buffer(capacity: reservation)
        var parsed: (Int, Bool, Framing)?
        slice.withUnsafeReadableBytes { bytes in
            forwarded.writeBytes(reserving: reservation) { out in parsed = parseLines(bytes, forwardingTo: &out) }
        }
        guard let (status, isHTTP10, framing) = parsed else { return nil }
        return ParsedHead(status: status, isHTTP10: isHTTP10, framing: framing, forwardedHeaders: forwarded)
    }

    /// The status line and header fields of `bytes`, writing the forwarded lines to `out`.
    private static func parseLines(_ bytes: UnsafeRawBufferPointer, forwardingTo out: inout ByteWriter) -> (
        Int, Bool, Framing
    )? {
        let count = bytes.count
        func lineEnd(from start: Int) -> Int {
            var index = start
            while index < count && bytes[index] != 10 { index += 1 }
            return index
        }
        func trimmedEnd(_ start: Int, _ end: Int) -> Int {
            var end = end
            while end > start && (bytes[end - 1] == 13 || bytes[end - 1] == 32 || bytes[end - 1] == 9) { end -= 1 }
            return end
        }
        // Status line: HTTP/1.x SP code SP reason
        let statusEnd = trimmedEnd(0, lineEnd(from: 0))
        guard statusEnd >= 12, bytes[0] == 72, bytes[4] == 47, bytes[5] == 49, bytes[6] == 46, bytes[8] == 32
        else { return nil }
        let minor = bytes[7]
        var code = 0
        for index in 9..<12 {
            let digit = Int(bytes[index]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            code = code * 10 + digit
        }
        var framing = Framing()
        var lineStart = lineEnd(from: 0) + 1
        while lineStart < count {
            let end = lineEnd(from: lineStart)
            let contentEnd = trimmedEnd(lineStart, end)
            if contentEnd == lineStart { break }
            // A malformed field could split the response the gateway writes downstream.
            guard let (colon, valueStart, valueEnd) = HTTPBytes.field(bytes, lineStart, contentEnd) else {
                return nil
            }
            let kind = Self.special(bytes, lineStart, colon)
            switch kind {
            case .contentLength:
                guard let length = HTTPBytes.contentLength(bytes, valueStart, valueEnd),
                    framing.contentLength == nil || framing.contentLength == length
                else { return nil }
                framing.contentLength = length
            case .transferEncoding:
                framing.chunked = HTTPBytes.lastCodingIsChunked(bytes, valueStart, valueEnd)
            case .connection:
                framing.connectionClose =
                    framing.connectionClose
                    || HTTPBytes.containsIgnoringCase(bytes, valueStart, valueEnd, "close")
                framing.connectionKeepAlive =
                    framing.connectionKeepAlive
                    || HTTPBytes.containsIgnoringCase(bytes, valueStart, valueEnd, "keep-alive")
            case .date:
                framing.hasDate = true
            case .dropped, nil:
                break
            }
            if kind == nil || kind == .date {
                // Copy `name: value\r\n` with the name lower-cased (Envoy's HTTP/1 codec does).
                out.write(reserving: colon - lineStart) { name in
                    for offset in 0..<(colon - lineStart) { name[offset] = HTTPBytes.lower(bytes[lineStart + offset]) }
                    return colon - lineStart
                }
                out.write(": ")
                out.write(UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd]))
                out.write("\r\n")
            }
            lineStart = end + 1
        }
        // Content-Length beside chunked: chunked wins and the connection cannot be reused
        // (RFC 9112 §6.3).
        if framing.chunked && framing.contentLength != nil {
            framing.contentLength = nil
            framing.connectionClose = true
        }
        return (code, minor == 48, framing)
    }
}
