import MeshRouting

/// One downstream request head as the gateway parsed it. Not NIO's `HTTPRequestHead`: that
/// one boxes its fields in a storage object and keeps headers in `HTTPHeaders`, and the
/// router wants the header array itself; this one hands the parser's array to the router's
/// `RoutingRequest` without a copy.
struct GatewayRequestHead {
    /// The method token as sent (`GET`, `POST`, ...).
    var method: String
    /// The request target as sent, query string included.
    var uri: String
    /// The `x` of `HTTP/1.x`.
    var minorVersion: Int
    /// Header fields with lower-cased names (Envoy's codec lower-cases them), in arrival order.
    var headers: [(name: String, value: String)]

    /// Turns the target into the one Envoy routes and forwards (`RequestTarget`): an absolute-form
    /// target's authority replaces the `Host` header, and the path is normalized.
    mutating func normalizeTarget() {
        if let absolute = RequestTarget.splitAbsoluteForm(uri) {
            uri = absolute.path
            let position = headers.firstIndex { $0.name == "host" } ?? headers.count
            headers.removeAll { $0.name == "host" }
            headers.insert((name: "host", value: absolute.authority), at: min(position, headers.count))
        }
        uri = RequestTarget.normalizePath(uri)
    }

    /// Whether the request is a HEAD (its answer has no body).
    var isHead: Bool { method == "HEAD" }

    /// The first value of a lower-cased header name.
    func first(_ lowercasedName: String) -> String? {
        for header in headers where header.name == lowercasedName { return header.value }
        return nil
    }

    /// How many `host` fields the request carries (exactly one is valid).
    var hostCount: Int {
        var count = 0
        for header in headers where header.name == "host" { count += 1 }
        return count
    }

    /// Every value of a lower-cased header name, in order.
    func all(_ lowercasedName: String) -> [String] {
        headers.filter { $0.name == lowercasedName }.map(\.value)
    }

    /// Whether the client keeps the connection open after this request (RFC 9112 §9.3):
    /// HTTP/1.1 unless a `connection` value lists `close`, HTTP/1.0 only if one lists `keep-alive`.
    var isKeepAlive: Bool {
        var close = false
        var keepAlive = false
        for header in headers where header.name == "connection" {
            for token in header.value.split(separator: ",") {
                let token = token.trimmingSpaces.lowercased()
                if token == "close" { close = true } else if token == "keep-alive" { keepAlive = true }
            }
        }
        return minorVersion >= 1 ? !close : keepAlive && !close
    }
}
