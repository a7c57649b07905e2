import MeshRouting
import NIOCore
import NIOHTTP1

/// Writes header lines straight into a buffer; when header operations must run (`deferred`),
/// it keeps the headers instead and serialises them after `remove`/`set`/`add`.
struct HeaderWriter {
    private var buffer: ByteBuffer
    private let deferred: Bool
    private var kept = HTTPHeaders()

    init(buffer: ByteBuffer, deferred: Bool) {
        self.buffer = buffer
        self.deferred = deferred
    }

    /// Writes `METHOD target HTTP/1.1`. (The writer owns its buffer from the start: a second
    /// reference would make every write copy it.)
    mutating func requestLine(method: String, target: String) {
        buffer.writeString(method)
        buffer.writeStaticString(" ")
        buffer.writeString(target)
        buffer.writeStaticString(" HTTP/1.1\r\n")
    }

    /// Adds `x-request-id`, written as bytes unless operations are pending.
    mutating func add(_ name: String, _ requestID: RequestID) {
        if deferred {
            kept.add(name: name, value: requestID.string)
        } else {
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            requestID.write(to: &buffer)
            buffer.writeStaticString("\r\n")
        }
    }

    mutating func add(_ name: String, _ value: String) {
        if deferred {
            kept.add(name: name, value: value)
        } else {
            Self.write(name, value, to: &buffer)
        }
    }

    /// The buffer with every header line written (without the closing blank line).
    mutating func finish(applying operations: HeaderOperations) -> ByteBuffer {
        if deferred {
            GatewayReply.apply(operations, to: &kept)
            for (name, value) in kept { Self.write(name, value, to: &buffer) }
        }
        return buffer
    }

    /// Writes one `name: value` line.
    static func write(_ name: String, _ value: String, to buffer: inout ByteBuffer) {
        buffer.writeString(name)
        buffer.writeStaticString(": ")
        buffer.writeString(value)
        buffer.writeStaticString("\r\n")
    }
}
