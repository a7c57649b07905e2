import NIOCore

/// Counts the bytes the lines will take.
struct HeaderLength: HeaderSink {
    /// Bytes counted so far.
    private(set) var count = 0

    mutating func line(_ name: String, _ value: String) { count += name.utf8.count + value.utf8.count + 4 }
    mutating func line(_ name: String, decimal value: Int) {
        count += name.utf8.count + ByteWriter.digits(value) + 4
    }
    mutating func line(_ name: String, _ requestID: RequestID) { count += name.utf8.count + RequestID.length + 4 }
    mutating func addSerialized(_ lines: ByteBuffer) { count += lines.readableBytes }

    /// The bytes `source`'s lines take.
    static func of(_ source: some HeaderSource) -> Int {
        var length = HeaderLength()
        source.writeLines(to: &length)
        return length.count
    }
}
