import NIOCore

/// Writes bytes into memory reserved in one step (`ByteBuffer.writeBytes(reserving:_:)`):
/// the gateway's heads are a few dozen small pieces, and each `ByteBuffer.write…` call pays
/// for a uniqueness check, a capacity check and an exclusivity check. Every write is
/// bounds-checked against the reservation, so a wrong estimate traps rather than overflows.
struct ByteWriter {
    private let base: UnsafeMutableRawBufferPointer
    /// Bytes written so far.
    private(set) var count = 0

    /// A writer filling `base` from its start.
    init(_ base: UnsafeMutableRawBufferPointer) { self.base = base }

    /// Copies raw bytes.
    @inline(__always)
    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count <= base.count - count, "ByteWriter reservation too small")
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if bytes.count <= 16 {
            // Most pieces are a few bytes: a loop beats a call to memmove.
            for offset in 0..<bytes.count { base[count + offset] = source.load(fromByteOffset: offset, as: UInt8.self) }
        } else {
            (base.baseAddress! + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count += bytes.count
    }

    /// Copies a string's UTF-8 bytes.
    @inline(__always)
    mutating func write(_ string: String) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { write(UnsafeRawBufferPointer($0)) }
        if done == nil {
            for byte in string.utf8 { write(byte: byte) }
        }
    }

    /// Copies a buffer's readable bytes.
    mutating func write(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { write($0) }
    }

    /// Writes one byte.
    mutating func write(byte: UInt8) {
        precondition(count < base.count, "ByteWriter reservation too small")
        base[count] = byte
        count += 1
    }

    /// A non-negative integer in decimal (negative values are written as 0).
    mutating func write(decimal value: Int) {
        let digits = Self.digits(value)
        precondition(digits <= base.count - count, "ByteWriter reservation too small")
        var rest = max(0, value)
        for index in stride(from: count + digits - 1, through: count, by: -1) {
            base[index] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
        }
        count += digits
    }

    /// Lets `body` write up to `length` bytes in place; it returns how many it wrote.
    mutating func write(reserving length: Int, _ body: (UnsafeMutableRawBufferPointer) -> Int) {
        precondition(length <= base.count - count, "ByteWriter reservation too small")
        let written = body(UnsafeMutableRawBufferPointer(rebasing: base[count..<(count + length)]))
        precondition(written <= length)
        count += written
    }

    /// How many decimal digits `write(decimal:)` writes for `value`.
    static func digits(_ value: Int) -> Int {
        var digits = 1
        var rest = max(0, value)
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return digits
    }
}

extension ByteBuffer {
    /// Reserves `length` bytes and lets `body` fill them through a `ByteWriter`; only what it
    /// wrote is committed.
    mutating func writeBytes(reserving length: Int, _ body: (inout ByteWriter) -> Void) {
        writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            var writer = ByteWriter(UnsafeMutableRawBufferPointer(rebasing: raw[0..<length]))
            body(&writer)
            return writer.count
        }
    }
}
