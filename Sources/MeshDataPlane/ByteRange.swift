/// A `Range: bytes=...` request header against a body of known length (RFC 9110 §14): one range
/// is served as `206` and a range past the end is `416`, as nginx's static module does; a
/// malformed header gets the whole body, as there. Several ranges get the whole body too, which
/// RFC 9110 allows; nginx would answer them with a `multipart/byteranges` body.
enum ByteRange: Equatable {
    /// Serve these bytes with `206 Partial Content`.
    case partial(ClosedRange<Int>)
    /// `416 Requested Range Not Satisfiable`.
    case unsatisfiable
    /// Serve the whole body.
    case whole

    /// Reads `header` for a body of `length` bytes.
    static func parse(_ header: String?, length: Int) -> ByteRange {
        guard let header, header.hasPrefix("bytes=") else { return .whole }
        let spec = header.dropFirst(6).trimmingSpaces
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash].trimmingSpaces
        let last = spec[spec.index(after: dash)...].trimmingSpaces
        if first.isEmpty {
            // A suffix: the last N bytes.
            guard let count = Int(last) else { return .whole }
            guard count > 0, length > 0 else { return .unsatisfiable }
            return .partial(max(0, length - count)...(length - 1))
        }
        guard let start = Int(first), start >= 0 else { return .whole }
        let end: Int
        if last.isEmpty {
            end = length - 1
        } else {
            guard let value = Int(last), value >= start else { return .whole }
            end = min(value, length - 1)
        }
        guard start < length else { return .unsatisfiable }
        return .partial(start...end)
    }
}
