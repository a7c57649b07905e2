/// A request target as Envoy's HTTP connection manager hands it to the router: an absolute-form
/// target (`GET http://shop.test/v1`) split into authority and path, and the path normalized.
///
/// Why: Envoy's HTTP/1 codec takes the host and path of an absolute URL (`allow_absolute_url`,
/// on by default), replacing the `Host` header; Istio's default path normalization (`BASE`) turns
/// on Envoy's `normalize_path`, RFC 3986 §6 normalization before any route is matched, so
/// `/a/../v1` and `/v%31` both route, and are forwarded, as `/v1`.
public enum RequestTarget {
    /// The authority of an absolute-form target and the origin-form rest (`/` when it has no
    /// path); nil for every other form.
    public static func splitAbsoluteForm(_ target: String) -> (authority: String, path: String)? {
        let utf8 = target.utf8
        guard let first = utf8.first, first == UInt8(ascii: "h") || first == UInt8(ascii: "H") else { return nil }
        let lowered = target.prefix(8).lowercased()
        let schemeLength = lowered.hasPrefix("http://") ? 7 : lowered.hasPrefix("https://") ? 8 : 0
        guard schemeLength > 0 else { return nil }
        let rest = target.dropFirst(schemeLength)
        let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = String(rest[..<end])
        let remainder = rest[end...]
        let path = remainder.isEmpty ? "/" : remainder.first == "?" ? "/" + remainder : String(remainder)
        return (authority, path)
    }

    /// The target with its path normalized as RFC 3986 §6.2.2 says: percent-encoded unreserved
    /// characters decoded, other escapes upper-cased, and `.`/`..` segments removed (§5.2.4). The
    /// query is kept as sent. Returns the target itself when nothing changes, without copying.
    public static func normalizePath(_ target: String) -> String {
        guard target.utf8.first == UInt8(ascii: "/"), needsNormalizing(target.utf8) else { return target }
        let queryStart = target.firstIndex(of: "?") ?? target.endIndex
        let decoded = decodeUnreserved(Array(target[..<queryStart].utf8))
        let path = removeDotSegments(decoded)
        return String(decoding: path, as: UTF8.self) + target[queryStart...]
    }

    /// A cheap scan: a `%` or a `.` segment start in the path.
    private static func needsNormalizing(_ utf8: String.UTF8View) -> Bool {
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte == UInt8(ascii: "?") { return false }
            if byte == UInt8(ascii: "%") || (byte == UInt8(ascii: ".") && previous == UInt8(ascii: "/")) {
                return true
            }
            previous = byte
        }
        return false
    }

    private static func decodeUnreserved(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hex(bytes[index + 1]),
                let low = hex(bytes[index + 2])
            {
                let value = high << 4 | low
                if isUnreserved(value) {
                    out.append(value)
                } else {
                    out.append(byte)
                    out.append(upper(bytes[index + 1]))
                    out.append(upper(bytes[index + 2]))
                }
                index += 3
                continue
            }
            out.append(byte)
            index += 1
        }
        return out
    }

    /// RFC 3986 §5.2.4 on an absolute path.
    private static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        let slash = UInt8(ascii: "/")
        var segments: [ArraySlice<UInt8>] = []
        let parts = path.dropFirst().split(separator: slash, omittingEmptySubsequences: false)
        for (offset, part) in parts.enumerated() {
            let last = offset == parts.count - 1
            if part.elementsEqual(".".utf8) {
                if last { segments.append([]) }
            } else if part.elementsEqual("..".utf8) {
                if !segments.isEmpty { segments.removeLast() }
                if last { segments.append([]) }
            } else {
                segments.append(part)
            }
        }
        var out: [UInt8] = [slash]
        for (offset, segment) in segments.enumerated() {
            if offset > 0 { out.append(slash) }
            out.append(contentsOf: segment)
        }
        return out
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func upper(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) ? byte - 32 : byte
    }

    /// RFC 3986 §2.3: ALPHA / DIGIT / `-` / `.` / `_` / `~`.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }
}
