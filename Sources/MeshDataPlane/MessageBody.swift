import NIOCore

/// Reads one HTTP/1.1 message body off raw bytes, by Content-Length or chunked coding
/// (RFC 9112 §6–7), for both the gateway's request parser and its upstream response parser.
/// Chunk extensions and trailers are read and dropped, as Envoy does by default.
struct MessageBody {
    /// What one call to `read` achieved.
    enum Progress {
        /// The body needs more bytes.
        case needMore
        /// The body is complete.
        case done
        /// The framing is broken; the connection cannot continue.
        case invalid
    }

    private enum State {
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
    }

    private var state: State
    /// The bytes read so far.
    private(set) var bytes: ByteBuffer?

    /// A body of exactly `length` bytes.
    static func fixed(_ length: Int) -> MessageBody { MessageBody(state: .fixed(remaining: length)) }
    /// A chunked body.
    static var chunked: MessageBody { MessageBody(state: .chunkSize) }
    /// A body that ends when the connection closes (responses only).
    static var untilClose: MessageBody { MessageBody(state: .untilClose) }

    private init(state: State) { self.state = state }

    /// The length a fixed body declared, before any of it is read.
    var declaredLength: Int? {
        if case .fixed(let remaining) = state, bytes == nil { return remaining }
        return nil
    }

    /// Consumes body bytes from `buffer`, leaving whatever follows the body in it.
    mutating func read(_ buffer: inout ByteBuffer) -> Progress {
        while true {
            switch state {
            case .fixed(let remaining):
                if remaining == 0 { return .done }
                let take = min(remaining, buffer.readableBytes)
                if take == 0 { return .needMore }
                append(buffer.readSlice(length: take)!)
                state = .fixed(remaining: remaining - take)
            case .chunkSize:
                guard let line = Self.readLine(&buffer) else {
                    return buffer.readableBytes > 1024 ? .invalid : .needMore
                }
                guard let size = Self.chunkSize(line) else { return .invalid }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let take = min(remaining, buffer.readableBytes)
                if take == 0 { return .needMore }
                append(buffer.readSlice(length: take)!)
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
            case .chunkDataEnd:
                guard let line = Self.readLine(&buffer) else { return buffer.readableBytes > 2 ? .invalid : .needMore }
                guard line.readableBytes == 0 else { return .invalid }
                state = .chunkSize
            case .trailers:
                guard let line = Self.readLine(&buffer) else {
                    return buffer.readableBytes > 64 * 1024 ? .invalid : .needMore
                }
                if line.readableBytes == 0 { return .done }
            case .untilClose:
                if buffer.readableBytes > 0 { append(buffer.readSlice(length: buffer.readableBytes)!) }
                return .needMore
            }
        }
    }

    /// Whether the body ends with the connection (then closing completes it).
    var endsAtClose: Bool {
        if case .untilClose = state { return true }
        return false
    }

    private mutating func append(_ slice: ByteBuffer) {
        if bytes == nil {
            bytes = slice
        } else {
            var slice = slice
            bytes!.writeBuffer(&slice)
        }
    }

    /// One line without its CRLF (a bare LF also ends it), or nil when incomplete.
    private static func readLine(_ buffer: inout ByteBuffer) -> ByteBuffer? {
        let newline: Int? = buffer.withUnsafeReadableBytes { $0.firstIndex(of: 10) }
        guard let newline else { return nil }
        var line = buffer.readSlice(length: newline + 1)!
        line.moveWriterIndex(to: line.writerIndex - 1)
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == 13 {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        return line
    }

    /// `chunk-size [BWS ; ext]`: hex digits, at most 15 of them (no overflow); after them only
    /// whitespace then `;` (extensions, ignored) may follow.
    private static func chunkSize(_ line: ByteBuffer) -> Int? {
        line.withUnsafeReadableBytes { bytes -> Int? in
            var size = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let value: Int
                switch byte {
                case 48...57: value = Int(byte) - 48
                case 65...70: value = Int(byte) - 55
                case 97...102: value = Int(byte) - 87
                default: value = -1
                }
                if value < 0 { break }
                guard index < 15 else { return nil }
                size = size << 4 | value
                index += 1
            }
            guard index > 0 else { return nil }
            var rest = index
            while rest < bytes.count && (bytes[rest] == 32 || bytes[rest] == 9) { rest += 1 }
            return rest == bytes.count || bytes[rest] == 59 ? size : nil
        }
    }
}
