/// `x-request-id` values: random UUIDv4 strings (Envoy's `UUIDRequestIDExtension`).
struct RequestID: Sendable {
    private let high: UInt64
    private let low: UInt64

    /// A random version-4 UUID, as Envoy generates for `x-request-id`.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator).string
    }

    static func make(using generator: inout some RandomNumberGenerator) -> RequestID {
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return RequestID(
            high: (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000,  // version 4
            low: (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000)  // variant 10
    }

    private init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
    var string: String { String(unsafeUninitializedCapacity: Self.length) { format(into: $0) } }

    /// The lower-case hex digit of the low four bits.
    @inline(__always)
    private static func hexDigit(_ bits: UInt64) -> UInt8 {
        let nibble = UInt8(truncatingIfNeeded: bits & 0xF)
        return nibble < 10 ? 48 + nibble : 87 + nibble
    }

    /// Characters in the formatted ID.
    static let length = 36

    /// Writes the 36 characters into `out`; returns how many were written.
    func format(into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var index = 0
        // 8-4-4-4-12: the dashes fall before hex digits 8 and 12 of the high half, 0 and 4 of the low.
        Self.writeHex(high, dashesBefore: (8, 12), into: out, at: &index)
        Self.writeHex(low, dashesBefore: (0, 4), into: out, at: &index)
        return index
    }

    /// Writes the 16 hex digits of `bits`, with a dash before the two given digit positions.
    @inline(__always)
    private static func writeHex(
        _ bits: UInt64, dashesBefore dashes: (Int, Int), into out: UnsafeMutableBufferPointer<UInt8>,
        at index: inout Int
    ) {
        for (position, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if position == dashes.0 || position == dashes.1 {
                out[index] = UInt8(ascii: "-")
                index += 1
            }
            out[index] = hexDigit(bits >> UInt64(shift))
            index += 1
        }
    }
}
