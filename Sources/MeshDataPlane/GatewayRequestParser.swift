import NIOCore
import NIOHTTP1

/// An incremental HTTP/1.1 request parser for the gateway's downstream connections, working
/// on the received bytes like Envoy's own codec: no llhttp callbacks, no per-part boxing.
/// Header names come out lower-case, as Envoy keeps them.
///
/// Strict where request smuggling hides (RFC 9112): token-only methods and header names, no
/// whitespace before a colon, no obsolete line folding, no control characters in values,
/// conflicting Content-Lengths, Content-Length with Transfer-Encoding, and a Transfer-Encoding
/// that is not exactly `chunked` are refused (`400`, `501`); a header block over the limit or more
/// than 100 header fields is `431`; a body over the limit is `413`.
struct GatewayRequestParser {
    /// What a call to `parse` produced.
    enum Event {
        /// No complete request yet.
        case needMore
        /// One complete request (the bytes after it stay in the buffer).
        case request(GatewayRequestHead, body: ByteBuffer?)
        /// Broken input: answer as the rejection says and close.
        case invalid(GatewayRejection)
    }

    /// Largest header block (request line included).
    let maxHeaderBytes: Int
    /// Largest body (bytes after any chunked framing is removed).
    let maxBodyBytes: Int
    private var head: GatewayRequestHead?
    private var body: MessageBody?
    /// Bytes of the unfinished head already searched for its end (a trickled head is not
    /// rescanned from the start on every read).
    private var scanned = 0

    init(maxHeaderBytes: Int, maxBodyBytes: Int = HTTPServerLimits.default.maxRequestBodyBytes) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }

    /// Whether a request head arrived whose body is still incomplete.
    var isMidRequest: Bool { head != nil }

    /// Set when a head asked `Expect: 100-continue` and its body has not arrived; the handler
    /// answers `100 Continue` itself, as Envoy does, and clears it.
    var wantsContinue = false

    /// Envoy's default `max_headers_count`: more header fields are a `431`.
    static let maxHeaderCount = 100

    /// Consumes bytes from `buffer`; call again after `.request` while bytes remain.
    mutating func parse(_ buffer: inout ByteBuffer) -> Event {
        if head == nil {
            // RFC 9112 §2.2: empty lines before a request line are ignored.
            while scanned == 0, buffer.readableBytes >= 2,
                buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) == 0x0D0A
            {
                buffer.moveReaderIndex(forwardBy: 2)
            }
            guard let end = HTTPBytes.find(crlfcrlf: buffer, from: scanned) else {
                // Lines ended by a bare LF are malformed (RFC 9112 §2.2 lets a server refuse
                // them): answer now rather than after the header timeout.
                if HTTPBytes.containsBareLFBlankLine(buffer, from: scanned - 1) { return .invalid(.codecError) }
                scanned = max(0, buffer.readableBytes - 3)
                return buffer.readableBytes > maxHeaderBytes ? .invalid(.headersTooLarge) : .needMore
            }
            scanned = 0
            guard end + 4 <= maxHeaderBytes else { return .invalid(.headersTooLarge) }
            switch Self.parseHead(buffer.readSlice(length: end + 4)!) {
            case .failure(let malformed): return .invalid(malformed.rejection)
            case .success(let (parsed, framing)):
                // A declared length over the limit is refused before any of the body is read
                // (and before `100 Continue` invites it).
                if let declared = framing?.declaredLength, declared > maxBodyBytes {
                    return .invalid(.payloadTooLarge(parsed))
                }
                head = parsed
                body = framing
                wantsContinue =
                    framing != nil && parsed.minorVersion == 1
                    && parsed.first("expect")?.lowercased() == "100-continue"
            }
        }
        guard var reading = body else { return complete(nil) }
        let progress = reading.read(&buffer)
        body = reading
        if (reading.bytes?.readableBytes ?? 0) > maxBodyBytes { return .invalid(.payloadTooLarge(head!)) }
        switch progress {
        case .needMore: return .needMore
        case .invalid:
            var rejection = GatewayRejection.codecError
            rejection.head = head
            return .invalid(rejection)
        case .done: return complete(reading.bytes)
        }
    }

    private mutating func complete(_ bytes: ByteBuffer?) -> Event {
        let finished = head!
        head = nil
        body = nil
        wantsContinue = false
        return .request(finished, body: bytes)
    }

    /// Why a head was refused.
    private struct Malformed: Error {
        let rejection: GatewayRejection
        static let badRequest = Malformed(rejection: .codecError)
        /// A transfer coding other than `chunked`: Envoy answers 501.
        static let unknownCoding = Malformed(rejection: .invalidTransferEncoding)
        static let tooManyHeaders = Malformed(rejection: .headersTooLarge)
    }

    /// Parses the request line and headers; the body framing is nil when there is no body.
    private static func parseHead(_ slice: ByteBuffer) -> Result<(GatewayRequestHead, MessageBody?), Malformed> {
        slice.withUnsafeReadableBytes { bytes -> Result<(GatewayRequestHead, MessageBody?), Malformed> in
            let count = bytes.count - 2  // the final CRLF of the blank line
            func string(_ start: Int, _ end: Int) -> String {
                String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            // Every line must end in CRLF (a bare LF is malformed); returns the index of its CR.
            func lineEnd(from start: Int) -> Int? {
                var index = start
                while index < count && bytes[index] != 10 { index += 1 }
                guard index < count, index > start, bytes[index - 1] == 13 else { return nil }
                return index - 1
            }
            // Request line: method SP request-target SP HTTP/1.x
            guard let lineEnd0 = lineEnd(from: 0) else { return .failure(.badRequest) }
            var index = 0
            while index < lineEnd0 && HTTPBytes.isTokenByte(bytes[index]) { index += 1 }
            guard index > 0, index < lineEnd0, bytes[index] == 32 else { return .failure(.badRequest) }
            let methodEnd = index
            index += 1
            let targetStart = index
            while index < lineEnd0 && bytes[index] > 32 && bytes[index] != 127 { index += 1 }
            guard index > targetStart, index < lineEnd0, bytes[index] == 32, lineEnd0 - index == 9 else {
                return .failure(.badRequest)
            }
            let targetEnd = index
            let version = index + 1
            guard bytes[version] == 72, bytes[version + 1] == 84, bytes[version + 2] == 84, bytes[version + 3] == 80,
                bytes[version + 4] == 47, bytes[version + 5] == 49, bytes[version + 6] == 46,
                bytes[version + 7] == 48 || bytes[version + 7] == 49
            else { return .failure(.badRequest) }
            let minor = Int(bytes[version + 7]) - 48
            // Header fields.
            var headers: [(name: String, value: String)] = []
            var contentLength: Int?
            var transferEncoding: String?
            var lineStart = lineEnd0 + 2
            while lineStart < count {
                guard let end = lineEnd(from: lineStart) else { return .failure(.badRequest) }
                guard let (colon, valueStart, valueEnd) = HTTPBytes.field(bytes, lineStart, end) else {
                    return .failure(.badRequest)
                }
                // Lower-cased as Envoy's codec does (HTTP/2 style names travel upstream).
                let name = String(unsafeUninitializedCapacity: colon - lineStart) { out in
                    for offset in 0..<(colon - lineStart) { out[offset] = HTTPBytes.lower(bytes[lineStart + offset]) }
                    return colon - lineStart
                }
                let value = string(valueStart, valueEnd)
                if HTTPBytes.equalsIgnoringCase(bytes, lineStart, colon, "content-length") {
                    guard let length = HTTPBytes.contentLength(bytes, valueStart, valueEnd),
                        contentLength == nil || contentLength == length
                    else { return .failure(.badRequest) }
                    contentLength = length
                } else if HTTPBytes.equalsIgnoringCase(bytes, lineStart, colon, "transfer-encoding") {
                    transferEncoding = transferEncoding.map { "\($0),\(value)" } ?? value
                }
                headers.append((name: name, value: value))
                guard headers.count <= Self.maxHeaderCount else { return .failure(.tooManyHeaders) }
                lineStart = end + 2
            }
            var framing: MessageBody?
            if let transferEncoding {
                // Like Envoy's codec: Content-Length beside Transfer-Encoding is a smuggling
                // attempt (400), and any coding but a single `chunked` is not implemented (501).
                guard contentLength == nil else { return .failure(.badRequest) }
                let codings = transferEncoding.split(separator: ",").map { $0.trimmingSpaces.lowercased() }
                guard codings == ["chunked"] else { return .failure(.unknownCoding) }
                framing = .chunked
            } else if let contentLength, contentLength > 0 {
                framing = .fixed(contentLength)
            }
            let head = GatewayRequestHead(
                method: string(0, methodEnd), uri: string(targetStart, targetEnd), minorVersion: minor,
                headers: headers)
            return .success((head, framing))
        }
    }
}
