import NIOCore

/// Byte-level helpers shared by the gateway's request and response parsers.
enum HTTPBytes {
    /// Hop-by-hop headers (RFC 9110 §7.6.1): they stay on their hop, in either direction.
    static let hopByHop: [StaticString] = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te",
    ]

    /// Offset of the first `\r\n\r\n` at or after `start`, or nil.
    static func find(crlfcrlf buffer: ByteBuffer, from start: Int = 0) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard bytes.count >= 4 else { return nil }
            var index = start
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

    /// Whether a blank line ended by a bare LF (`\n\n`, or `\n\r\n` after a bare LF) occurs
    /// at or after `start`: a head that will never end in CRLF CRLF, and must not wait for the
    /// size limit or the header timeout to be refused.
    static func containsBareLFBlankLine(_ buffer: ByteBuffer, from start: Int) -> Bool {
        buffer.withUnsafeReadableBytes { bytes in
            var index = max(0, start)
            while index + 1 < bytes.count {
                if bytes[index] == 10 {
                    if bytes[index + 1] == 10 { return true }
                    let bareBefore = index == 0 || bytes[index - 1] != 13
                    if bareBefore && index + 2 < bytes.count && bytes[index + 1] == 13 && bytes[index + 2] == 10 {
                        return true
                    }
                }
                index += 1
            }
            return false
        }
    }

    /// One header field line `bytes[start..<end]` (without its line ending), split as RFC 9110
    /// allows: a token name right before the colon (so no empty name, no whitespace before the
    /// colon, no obs-fold), optional whitespace around the value, and only field-value bytes in
    /// it. Nil when the line breaks any of these.
    static func field(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int)
        -> (nameEnd: Int, valueStart: Int, valueEnd: Int)?
    {
        var colon = start
        while colon < end && isTokenByte(bytes[colon]) { colon += 1 }
        guard colon > start, colon < end, bytes[colon] == 58 else { return nil }
        var valueStart = colon + 1
        while valueStart < end && (bytes[valueStart] == 32 || bytes[valueStart] == 9) { valueStart += 1 }
        var valueEnd = end
        while valueEnd > valueStart && (bytes[valueEnd - 1] == 32 || bytes[valueEnd - 1] == 9) { valueEnd -= 1 }
        for offset in valueStart..<valueEnd where !isFieldValueByte(bytes[offset]) { return nil }
        return (colon, valueStart, valueEnd)
    }

    /// RFC 9110 `tchar`.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: return true
        case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: return true
        default: return false
        }
    }

    /// RFC 9110 field-value bytes: visible ASCII, space, tab and obs-text.
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool { byte == 9 || (byte >= 32 && byte != 127) }

    /// A Content-Length value: 1 to 18 digits (no sign, no overflow), else nil.
    static func contentLength(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
        guard end > start, end - start <= 18 else { return nil }
        var length = 0
        for offset in start..<end {
            let digit = Int(bytes[offset]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            length = length * 10 + digit
        }
        return length
    }

    /// Whether the last coding of a Transfer-Encoding value is `chunked`.
    static func lastCodingIsChunked(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        var codingStart = start
        for offset in start..<end where bytes[offset] == 44 { codingStart = offset + 1 }  // after the last ','
        var codingEnd = end
        while codingStart < codingEnd && (bytes[codingStart] == 32 || bytes[codingStart] == 9) { codingStart += 1 }
        while codingEnd > codingStart && (bytes[codingEnd - 1] == 32 || bytes[codingEnd - 1] == 9) { codingEnd -= 1 }
        return equalsIgnoringCase(bytes, codingStart, codingEnd, "chunked")
    }

    /// ASCII lower case of one byte.
    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    /// Whether `bytes[start..<end]` equals the lower-case `literal`, ignoring ASCII case.
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ literal: StaticString)
        -> Bool
    {
        guard end - start == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<(end - start) where lower(bytes[start + offset]) != pointer[offset] { return false }
        return true
    }

    /// Whether `bytes[start..<end]` contains the lower-case `literal`, ignoring ASCII case.
    static func containsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ literal: StaticString)
        -> Bool
    {
        let length = literal.utf8CodeUnitCount
        guard end - start >= length else { return false }
        for offset in start...(end - length) where equalsIgnoringCase(bytes, offset, offset + length, literal) {
            return true
        }
        return false
    }
}
