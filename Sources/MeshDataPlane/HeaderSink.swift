import NIOCore
import NIOHTTP1

/// Where the gateway's header lines go: first a `HeaderLength` to size the buffer, then a
/// `ByteWriter` to write them; `HTTPHeaders` when route header operations must run first.
/// One list of lines (a `HeaderSource`) feeds all three, so they cannot disagree.
protocol HeaderSink {
    /// One `name: value` line.
    mutating func line(_ name: String, _ value: String)
    /// One line with a decimal value.
    mutating func line(_ name: String, decimal value: Int)
    /// One line with an `x-request-id` value.
    mutating func line(_ name: String, _ requestID: RequestID)
    /// Lines already serialised as `name: value\r\n` (an upstream's, passed through).
    mutating func lines(_ serialized: ByteBuffer)
}

/// A list of header lines that can be written to any sink.
protocol HeaderSource {
    func writeLines<Sink: HeaderSink>(to sink: inout Sink)
}

/// Counts the bytes the lines will take.
struct HeaderLength: HeaderSink {
    private(set) var count = 0

    mutating func line(_ name: String, _ value: String) { count += name.utf8.count + value.utf8.count + 4 }
    mutating func line(_ name: String, decimal value: Int) {
        count += name.utf8.count + ByteWriter.digits(value) + 4
    }
    mutating func line(_ name: String, _ requestID: RequestID) { count += name.utf8.count + RequestID.length + 4 }
    mutating func lines(_ serialized: ByteBuffer) { count += serialized.readableBytes }

    /// The bytes `source`'s lines take.
    static func of(_ source: some HeaderSource) -> Int {
        var length = HeaderLength()
        source.writeLines(to: &length)
        return length.count
    }
}

extension ByteWriter: HeaderSink {
    mutating func line(_ name: String, _ value: String) {
        write(name)
        write(": ")
        write(value)
        write("\r\n")
    }

    mutating func line(_ name: String, decimal value: Int) {
        write(name)
        write(": ")
        write(decimal: value)
        write("\r\n")
    }

    mutating func line(_ name: String, _ requestID: RequestID) {
        write(name)
        write(": ")
        write(reserving: RequestID.length) { requestID.format(into: $0.bindMemory(to: UInt8.self)) }
        write("\r\n")
    }

    mutating func lines(_ serialized: ByteBuffer) { write(serialized) }
}

extension HTTPHeaders: HeaderSink, HeaderSource {
    mutating func line(_ name: String, _ value: String) { add(name: name, value: value) }
    mutating func line(_ name: String, decimal value: Int) { add(name: name, value: String(value)) }
    mutating func line(_ name: String, _ requestID: RequestID) { add(name: name, value: requestID.string) }
    mutating func lines(_ serialized: ByteBuffer) {
        for (name, value) in GatewayReply.headerLines(serialized) { add(name: name, value: value) }
    }

    func writeLines<Sink: HeaderSink>(to sink: inout Sink) {
        for (name, value) in self { sink.line(name, value) }
    }
}
