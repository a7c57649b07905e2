import Foundation

/// The parts of a request the matchers read, sliced once per request without copying.
struct RequestView {
    let request: RoutingRequest
    /// Path without the query string (Envoy strips it before path matching).
    let path: Substring
    /// The query string without `?` (empty when none).
    let query: Substring

    init(_ request: RoutingRequest) {
        self.request = request
        let full = request.path[...]
        // Byte search: `?` is ASCII, and walking Characters is the slow part of String.
        if let mark = request.path.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = full[..<mark]
            query = full[full.index(after: mark)...]
        } else {
            path = full
            query = full[full.endIndex...]
        }
    }

    /// The first value of a lower-cased header name.
    @inline(__always)
    func header(_ lowercasedName: String) -> String? {
        for header in request.headers where header.name == lowercasedName { return header.value }
        return nil
    }

    /// The percent-decoded value of a query parameter (first occurrence).
    func queryParameter(_ name: String) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            guard key == name else { continue }
            let raw = parts.count > 1 ? String(parts[1]) : ""
            return raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
        }
        return nil
    }
}
