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
    private var head: HTTPResponseHead?
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
                guard let parsed = Self.parseHead(buffer.readSlice(length: end + 4)!) else { return .invalid }
                if parsed.status.code >= 100 && parsed.status.code < 200 { continue }  // interim response
                head = parsed
                keepAlive = parsed.isKeepAlive
                body = nil
                let code = parsed.status.code
                if expectingHeadResponse || code == 204 || code == 304 { return finish() }
                if parsed.headers[canonicalForm: "transfer-encoding"].contains(where: { $0.lowercased() == "chunked" }) {
                    state = .chunkSize
                } else if let lengthText = parsed.headers.first(name: "content-length") {
                    guard let length = Int(lengthText), length >= 0 else { return .invalid }
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
        let response = UpstreamResponse(head: head!, body: body ?? ByteBuffer())
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

    private static func parseHead(_ slice: ByteBuffer) -> HTTPResponseHead? {
        var lines = slice.withUnsafeReadableBytes { String(decoding: $0, as: UTF8.self) }.split(
            separator: "\r\n", omittingEmptySubsequences: true)[...]
        guard let statusLine = lines.popFirst() else { return nil }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]) else { return nil }
        let version: HTTPVersion = parts[0] == "HTTP/1.0" ? .http1_0 : .http1_1
        var headers = HTTPHeaders()
        headers.reserveCapacity(lines.count)
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers.add(name: String(line[..<colon]), value: String(line[line.index(after: colon)...].trimmingSpaces))
        }
        let status = HTTPResponseStatus(statusCode: code, reasonPhrase: parts.count > 2 ? String(parts[2]) : "")
        return HTTPResponseHead(version: version, status: status, headers: headers)
    }
}
