/// A `Range: bytes=...` request header against a body of known length, read as nginx's range
/// filter reads it (`ngx_http_range_parse`): one satisfiable range is served as `206`; a
/// malformed spec, or ranges that all lie past the end, are `416`; no header, another unit or an
/// empty body get the whole body. Several ranges get the whole body too, which RFC 9110 allows
/// (nginx would send them as `multipart/byteranges`).
enum ByteRange: Equatable {
    /// Serve these bytes with `206 Partial Content`.
    case partial(ClosedRange<Int>)
    /// `416 Requested Range Not Satisfiable`.
    case unsatisfiable
    /// Serve the whole body.
    case whole

    /// Reads `header` for a body of `length` bytes.
    static func parse(_ header: String?, length: Int) -> ByteRange {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "bytes=", length > 0 else {
            return .whole
        }
        var ranges: [ClosedRange<Int>] = []
        for spec in header.dropFirst(6).split(separator: ",", omittingEmptySubsequences: false) {
            guard let range = Self.range(spec.trimmingSpaces, length: length) else { return .unsatisfiable }
            if let range { ranges.append(range) }
        }
        switch ranges.count {
        case 0: return .unsatisfiable
        case 1: return .partial(ranges[0])
        default: return .whole
        }
    }

    /// One `first-last`, `first-` or `-suffix` spec: nil when malformed, `.some(nil)` when it
    /// lies wholly past the end (nginx drops it).
    private static func range(_ spec: Substring, length: Int) -> ClosedRange<Int>?? {
        guard let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash].trimmingSpaces
        let last = spec[spec.index(after: dash)...].trimmingSpaces
        if first.isEmpty {
            guard let suffix = last.decimalValue else { return nil }
            return suffix == 0 ? .some(nil) : .some(max(0, length - suffix)...(length - 1))
        }
        guard let start = first.decimalValue else { return nil }
        var end = length - 1
        if !last.isEmpty {
            guard let value = last.decimalValue else { return nil }
            end = min(value, length - 1)
        }
        return start <= end ? .some(start...end) : .some(nil)
    }
}
