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
    mutating func addSerialized(_ lines: ByteBuffer)
}

/// A list of header lines that can be written to any sink.
protocol HeaderSource {
    /// Writes every line, in order, to `sink`.
    func writeLines<Sink: HeaderSink>(to sink: inout Sink)
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

    mutating func addSerialized(_ lines: ByteBuffer) { write(lines) }
}

extension HTTPHeaders: HeaderSink, HeaderSource {
    mutating func line(_ name: String, _ value: String) { add(name: name, value: value) }
    mutating func line(_ name: String, decimal value: Int) { add(name: name, value: String(value)) }
    mutating func line(_ name: String, _ requestID: RequestID) { add(name: name, value: requestID.string) }
    mutating func addSerialized(_ lines: ByteBuffer) {
        for line in String(buffer: lines).split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            add(name: String(line[..<colon]), value: String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
    }

    /// Writes each header as one line.
    func writeLines<Sink: HeaderSink>(to sink: inout Sink) {
        for (name, value) in self { sink.line(name, value) }
    }
}
