/// The protobuf wire format: varint keys, then varint, fixed or length-delimited values.
struct WireReader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index >= bytes.count }

    mutating func varint() throws(KubernetesProtobuf.Failure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw KubernetesProtobuf.Failure(description: "truncated varint")
    }

    mutating func key() throws(KubernetesProtobuf.Failure) -> (Int, Int) {
        let key = try varint()
        return (Int(key >> 3), Int(key & 7))
    }

    mutating func lengthDelimited() throws(KubernetesProtobuf.Failure) -> [UInt8] {
        let size = Int(try varint())
        guard size >= 0, index + size <= bytes.count else {
            throw KubernetesProtobuf.Failure(description: "truncated field")
        }
        defer { index += size }
        return Array(bytes[index..<index + size])
    }

    mutating func fixed(_ size: Int) throws(KubernetesProtobuf.Failure) -> UInt64 {
        guard index + size <= bytes.count else { throw KubernetesProtobuf.Failure(description: "truncated field") }
        var result: UInt64 = 0
        for offset in 0..<size { result |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
        index += size
        return result
    }

    mutating func skip(_ wire: Int) throws(KubernetesProtobuf.Failure) {
        switch wire {
        case 0: _ = try varint()
        case 1: _ = try fixed(8)
        case 2: _ = try lengthDelimited()
        case 5: _ = try fixed(4)
        default: throw KubernetesProtobuf.Failure(description: "unexpected wire type \(wire)")
        }
    }
}
