import NIOCore
import NIOHTTP1

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

    private enum State {
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
    }

    private var state = State.head
    private var head: ParsedHead?
    private var body: ByteBuffer?
    private var keepAlive = true
    /// Whether the request in flight was a HEAD (no body follows).
    var expectingHeadResponse = false
    static let maxHeadBytes = 64 * 1024

    /// Consumes bytes from `buffer`; call again while it returns `.response` and bytes remain.
    mutating func parse(_ buffer: inout ByteBuffer) -> Event {
        while true {
            switch state {
            case .head:
                guard let end = Self.find(crlfcrlf: buffer) else {
                    return buffer.readableBytes > Self.maxHeadBytes ? .invalid : .needMore
                }
                guard let parsed = Self.parseHead(buffer.readSlice(length: end + 4)!) else {
                    return .invalid
                }
                if parsed.status >= 100 && parsed.status < 200 { continue }  // interim response
                head = parsed
                let framing = parsed.framing
                keepAlive = parsed.isHTTP10 ? framing.connectionKeepAlive : !framing.connectionClose
                body = nil
                let code = parsed.status
                if expectingHeadResponse || code == 204 || code == 304 { return finish() }
                if framing.chunked {
                    state = .chunkSize
                } else if let length = framing.contentLength {
                    if length == 0 { return finish() }
                    state = .fixed(remaining: length)
                } else {
                    keepAlive = false
                    state = .untilClose
                }
            case .fixed(let remaining):
                let take = min(remaining, buffer.readableBytes)
                if take == 0 { return .needMore }
                append(buffer.readSlice(length: take)!)
                if take == remaining { return finish() }
                state = .fixed(remaining: remaining - take)
            case .chunkSize:
                guard let line = Self.readLine(&buffer) else { return .needMore }
                let sizeText = line.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces } ?? ""
                guard let size = Int(sizeText, radix: 16), size >= 0 else { return .invalid }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let take = min(remaining, buffer.readableBytes)
                if take == 0 { return .needMore }
                append(buffer.readSlice(length: take)!)
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
            case .chunkDataEnd:
                guard Self.readLine(&buffer) != nil else { return .needMore }
                state = .chunkSize
            case .trailers:
                guard let line = Self.readLine(&buffer) else { return .needMore }
                if line.isEmpty { return finish() }
            case .untilClose:
                if buffer.readableBytes == 0 { return .needMore }
                append(buffer.readSlice(length: buffer.readableBytes)!)
                return .needMore
            }
        }
    }

    /// The connection closed: a read-until-close body is complete now.
    mutating func endOfInput() -> Event? {
        if case .untilClose = state, head != nil { return finish() }
        return nil
    }

    /// Whether a response has started (headers seen) but not finished.
    var isMidResponse: Bool {
        if case .head = state { return false }
        return true
    }

    private mutating func append(_ slice: ByteBuffer) {
        if body == nil {
            body = slice
        } else {
            var slice = slice
            body!.writeBuffer(&slice)
        }
    }

    private mutating func finish() -> Event {
        let parsed = head!
        let response = UpstreamResponse(
            status: parsed.status, forwardedHeaders: parsed.forwardedHeaders, hasDate: parsed.framing.hasDate,
            contentLength: parsed.framing.contentLength, body: body ?? ByteBuffer())
        head = nil
        body = nil
        state = .head
        expectingHeadResponse = false
        return .response(response, keepAlive: keepAlive)
    }

    private static func find(crlfcrlf buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard bytes.count >= 4 else { return nil }
            var index = 0
            let last = bytes.count - 4
            while index <= last {
                if bytes[index + 3] != 10 {  // '\n' at the 4th position, else skip ahead
                    index += 1
                    continue
                }
                if bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 { return index }
                index += 1
            }
            return nil
        }
    }

    private static func readLine(_ buffer: inout ByteBuffer) -> Substring? {
        let newline: Int? = buffer.withUnsafeReadableBytes { bytes in bytes.firstIndex(of: 10) }
        guard let newline else { return nil }
        let raw = buffer.readString(length: newline + 1) ?? ""
        return raw.dropLast(1)  // "\r\n" is a single Character (grapheme), as is "\n"
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
    private static let notForwarded: [StaticString] = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "server",
        "content-length",
    ]

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
            func equalsLowercase(_ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
                guard end - start == literal.utf8CodeUnitCount else { return false }
                let pointer = literal.utf8Start
                for offset in 0..<(end - start) {
                    var byte = bytes[start + offset]
                    if byte >= 65 && byte <= 90 { byte += 32 }
                    if byte != pointer[offset] { return false }
                }
                return true
            }
            func contains(_ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
                let length = literal.utf8CodeUnitCount
                guard end - start >= length else { return false }
                for offset in start...(end - length) where equalsLowercase(offset, offset + length, literal) {
                    return true
                }
                return false
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
                var colon = lineStart
                while colon < contentEnd && bytes[colon] != 58 { colon += 1 }
                guard colon < contentEnd, colon > lineStart else { return nil }
                var valueStart = colon + 1
                while valueStart < contentEnd && (bytes[valueStart] == 32 || bytes[valueStart] == 9) { valueStart += 1 }
                if equalsLowercase(lineStart, colon, "content-length") {
                    var length = 0
                    for index in valueStart..<contentEnd {
                        let digit = Int(bytes[index]) - 48
                        guard digit >= 0 && digit <= 9 else { return nil }
                        length = length * 10 + digit
                    }
                    framing.contentLength = length
                } else if equalsLowercase(lineStart, colon, "transfer-encoding") {
                    framing.chunked = contains(valueStart, contentEnd, "chunked")
                } else if equalsLowercase(lineStart, colon, "connection") {
                    framing.connectionClose = contains(valueStart, contentEnd, "close")
                    framing.connectionKeepAlive = contains(valueStart, contentEnd, "keep-alive")
                } else if equalsLowercase(lineStart, colon, "date") {
                    framing.hasDate = true
                }
                if !Self.notForwarded.contains(where: { equalsLowercase(lineStart, colon, $0) }) {
                    // Copy `name: value\r\n` with the name lower-cased.
                    forwarded.writeWithUnsafeMutableBytes(minimumWritableBytes: colon - lineStart) { out in
                        for offset in 0..<(colon - lineStart) {
                            let byte = bytes[lineStart + offset]
                            out[offset] = byte >= 65 && byte <= 90 ? byte + 32 : byte
                        }
                        return colon - lineStart
                    }
                    forwarded.writeStaticString(": ")
                    forwarded.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[valueStart..<contentEnd]))
                    forwarded.writeStaticString("\r\n")
                }
                lineStart = end + 1
            }
            return (code, minor == 48, framing)
        }
        guard let (status, isHTTP10, framing) = parsed else { return nil }
        return ParsedHead(status: status, isHTTP10: isHTTP10, framing: framing, forwardedHeaders: forwarded)
    }
}
