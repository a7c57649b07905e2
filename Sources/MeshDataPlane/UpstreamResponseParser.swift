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

    /// Headers that never cross the proxy as received (hop-by-hop, plus the two Envoy rewrites).
    private static let notForwarded: [StaticString] = HTTPBytes.hopByHop + ["server", "content-length"]

    /// Parses the status line and headers byte-wise (String/Character processing is grapheme
    /// aware and several times slower), copying the forwarded header lines as they are found.
    private static func parseHead(_ slice: ByteBuffer) -> ParsedHead? {
        var forwarded = ByteBufferAllocator().buffer(capacity: slice.readableBytes)
        let parsed = slice.withUnsafeReadableBytes { bytes -> (Int, Bool, Framing)? in
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
                if HTTPBytes.equalsIgnoringCase(bytes, lineStart, colon, "content-length") {
                    guard let length = HTTPBytes.contentLength(bytes, valueStart, valueEnd),
                        framing.contentLength == nil || framing.contentLength == length
                    else { return nil }
                    framing.contentLength = length
                } else if HTTPBytes.equalsIgnoringCase(bytes, lineStart, colon, "transfer-encoding") {
                    framing.chunked = HTTPBytes.lastCodingIsChunked(bytes, valueStart, valueEnd)
                } else if HTTPBytes.equalsIgnoringCase(bytes, lineStart, colon, "connection") {
                    framing.connectionClose =
                        framing.connectionClose
                        || HTTPBytes.containsIgnoringCase(bytes, valueStart, valueEnd, "close")
                    framing.connectionKeepAlive =
                        framing.connectionKeepAlive
                        || HTTPBytes.containsIgnoringCase(bytes, valueStart, valueEnd, "keep-alive")
                } else if HTTPBytes.equalsIgnoringCase(bytes, lineStart, colon, "date") {
                    framing.hasDate = true
                }
                if !Self.notForwarded.contains(where: { HTTPBytes.equalsIgnoringCase(bytes, lineStart, colon, $0) }) {
                    // Copy `name: value\r\n` with the name lower-cased.
                    forwarded.writeWithUnsafeMutableBytes(minimumWritableBytes: colon - lineStart) { out in
                        for offset in 0..<(colon - lineStart) {
                            let byte = bytes[lineStart + offset]
                            out[offset] = HTTPBytes.lower(byte)
                        }
                        return colon - lineStart
                    }
                    forwarded.writeStaticString(": ")
                    forwarded.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd]))
                    forwarded.writeStaticString("\r\n")
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
        guard let (status, isHTTP10, framing) = parsed else { return nil }
        return ParsedHead(status: status, isHTTP10: isHTTP10, framing: framing, forwardedHeaders: forwarded)
    }
}
